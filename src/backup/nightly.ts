import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../app';
import { createBackup } from './backup';

const NAME = /^duban-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.tar$/;

/** Writes a dated backup into BACKUP_DIR and keeps the newest BACKUP_KEEP of them. */
export async function runNightlyBackup(app: App, settings: { dir: string; keep: number }): Promise<{ file: string; removed: string[] }> {
  fs.mkdirSync(settings.dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const file = path.join(settings.dir, `duban-${stamp}.tar`);
  await createBackup(app, file);
  const backups = fs.readdirSync(settings.dir).filter((name) => NAME.test(name)).sort();
  const removed = backups.slice(0, Math.max(0, backups.length - settings.keep));
  for (const name of removed) fs.rmSync(path.join(settings.dir, name));
  return { file, removed };
}
