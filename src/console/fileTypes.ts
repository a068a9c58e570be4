/**
 * The type an evidence file is stored and served with. Images are recognised
 * by their bytes, never by the name or the browser's word, and only these are
 * ever shown inline; everything else is a download.
 */
export const INLINE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export function sniffImage(bytes: Buffer): string | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return null;
}

/** A declared type if it is well-formed, else the generic binary type. */
export function declaredType(mimetype: string | undefined): string {
  return mimetype && /^[a-z0-9][\w.+-]*\/[\w.+-]+$/i.test(mimetype) ? mimetype.toLowerCase() : 'application/octet-stream';
}

/** Content-Disposition with the original (possibly Chinese) name, RFC 6266 / 5987. */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
