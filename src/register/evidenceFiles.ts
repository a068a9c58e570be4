import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Evidence files live under DATA_DIR/evidence, named by content hash so the same
 * file sent twice is stored once and a stored file can be checked against the log.
 */
export function storeEvidenceFile(dataDir: string, bytes: Buffer, originalName: string): { filePath: string; sha256: string; sizeBytes: number } {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const extension = path.extname(originalName).replace(/[^.A-Za-z0-9]/g, '').slice(0, 10);
  const dir = path.join(dataDir, 'evidence', sha256.slice(0, 2));
  fs.mkdirSync(dir, { recursive: true });
  const filePath = path.join(dir, `${sha256}${extension}`);
  if (!fs.existsSync(filePath)) {
    fs.writeFileSync(`${filePath}.part`, bytes);
    fs.renameSync(`${filePath}.part`, filePath);
  }
  return { filePath: path.relative(dataDir, filePath), sha256, sizeBytes: bytes.length };
}

/** A display name safe to show and log: no paths, no control characters. */
export function safeFileName(name: string | null, fallback: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 120);
  return cleaned || fallback;
}
