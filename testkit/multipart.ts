/** The fields of a multipart/form-data body, as the fakes need them: name → { filename, bytes }. */
export function parseMultipart(contentType: string | undefined, raw: Buffer): Map<string, { filename?: string; bytes: Buffer }> {
  const fields = new Map<string, { filename?: string; bytes: Buffer }>();
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  if (!boundary) return fields;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = raw.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const name = /name="([^"]*)"/.exec(head)?.[1];
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    if (name) fields.set(name, { filename, bytes: part.subarray(split + 4) });
    start = next;
  }
  return fields;
}
