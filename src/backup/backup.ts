import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import type { App } from '../app';
import { BackupError, DatabaseKind, DUMP_FILES, dumpDatabase, restoreDatabase } from './databaseDump';

const FORMAT = 'duban-backup-1';

interface Manifest {
  format: string;
  createdAt: string;
  database: DatabaseKind;
  /** PostgreSQL: the schema that was dumped (and is restored). */
  schema?: string;
  evidenceFiles: number;
}

/**
 * One file (a tar archive) holding a consistent database snapshot and every
 * evidence file under DATA_DIR/evidence, with a manifest saying what it is.
 */
export async function createBackup(app: App, file: string): Promise<Manifest> {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-backup-'));
  try {
    const { kind: database, schema } = await dumpDatabase(app.db, app.config.databaseUrl, path.join(stage, 'database.tmp'));
    fs.mkdirSync(path.join(stage, 'database'));
    fs.renameSync(path.join(stage, 'database.tmp'), path.join(stage, 'database', DUMP_FILES[database]));
    const evidenceDir = path.join(app.config.dataDir, 'evidence');
    const evidenceFiles = fs.existsSync(evidenceDir) ? countFiles(evidenceDir) : 0;
    const manifest: Manifest = { format: FORMAT, createdAt: new Date().toISOString(), database, ...(schema ? { schema } : {}), evidenceFiles };
    fs.writeFileSync(path.join(stage, 'manifest.json'), JSON.stringify(manifest, null, 2));
    const partial = `${file}.part`;
    await tar.c({ file: partial, cwd: stage, portable: true }, ['manifest.json', 'database']);
    if (evidenceFiles) await tar.r({ file: partial, cwd: app.config.dataDir, portable: true }, ['evidence']);
    fs.renameSync(partial, file);
    return manifest;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** Puts the database and the evidence files of a backup back; the database must not be in use. */
export async function restoreBackup(target: { databaseUrl?: string; dataDir: string }, file: string): Promise<Manifest> {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-restore-'));
  try {
    await tar.x({ file, cwd: stage, strict: true, filter: (entry) => entry === 'manifest.json' || entry.startsWith('database/') }).catch(() => undefined);
    const manifestFile = path.join(stage, 'manifest.json');
    const manifest = fs.existsSync(manifestFile) ? (JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest) : null;
    if (manifest?.format !== FORMAT) throw new BackupError(`${file} 不是督办的备份文件`);
    await restoreDatabase(manifest.database, path.join(stage, 'database', DUMP_FILES[manifest.database]), target);
    fs.mkdirSync(target.dataDir, { recursive: true });
    await tar.x({ file, cwd: target.dataDir, filter: (entry) => entry.startsWith('evidence/') });
    return manifest;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

function countFiles(dir: string): number {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}
