import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/connection';

/** Every item, log entry and evidence row, and each evidence file's hash: what a backup must bring back. */
export async function registerContents(db: Db, dataDir: string) {
  const files = await db.selectFrom('evidence').select(['file_path']).where('file_path', 'is not', null).orderBy('id').execute();
  return {
    commitments: await db.selectFrom('commitments').selectAll().orderBy('id').execute(),
    log: await db.selectFrom('activity_log').selectAll().orderBy('id').execute(),
    evidence: await db.selectFrom('evidence').selectAll().orderBy('id').execute(),
    files: files.map((f) => createHash('sha256').update(fs.readFileSync(path.join(dataDir, f.file_path!))).digest('hex')),
  };
}
