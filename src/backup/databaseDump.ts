import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { embeddedDatabase, openDatabase, type Db } from '../../db/connection';

const run = promisify(execFile);

export type DatabaseKind = 'pglite' | 'postgres';
export const DUMP_FILES: Record<DatabaseKind, string> = { pglite: 'pglite.tar.gz', postgres: 'postgres.dump' };

/**
 * Writes a consistent snapshot of the database to `file`. The embedded
 * database is checkpointed and copied while this holds its only connection, so
 * no transaction is half done; PostgreSQL is dumped by pg_dump (one snapshot).
 */
export async function dumpDatabase(db: Db, databaseUrl: string | undefined, file: string): Promise<DatabaseKind> {
  const pglite = embeddedDatabase(db);
  if (pglite) {
    const blob = await db.connection().execute(async (connection) => {
      await sql`checkpoint`.execute(connection);
      return pglite.dumpDataDir('gzip');
    });
    fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
    return 'pglite';
  }
  await postgresTool('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, databaseUrl!]);
  return 'postgres';
}

/** Replaces the database with the snapshot in `file`; the old embedded files are kept beside it. */
export async function restoreDatabase(kind: DatabaseKind, file: string, target: { databaseUrl?: string; dataDir: string }): Promise<void> {
  if (kind === 'postgres') {
    if (!target.databaseUrl) throw new Error('这份备份来自 PostgreSQL：请设置 DATABASE_URL 后再恢复');
    await postgresTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${target.databaseUrl}`, file]);
    return;
  }
  if (target.databaseUrl) throw new Error('这份备份来自内置数据库：请不设置 DATABASE_URL，恢复到 DATA_DIR');
  // Opening first takes the data directory's lock (refused while the bot runs) and proves it is ours.
  const current = await openDatabase({ dataDir: target.dataDir });
  await current.destroy();
  const dir = path.resolve(target.dataDir, 'pglite');
  if (fs.existsSync(dir)) fs.renameSync(dir, `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  const { PGlite } = await import('@electric-sql/pglite');
  const restored = new PGlite(dir, { loadDataDir: new Blob([fs.readFileSync(file)]) });
  await restored.waitReady;
  await restored.close();
}

async function postgresTool(tool: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  try {
    await run(tool, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new Error(`找不到 ${tool}：请安装 PostgreSQL 客户端工具（Debian：apt-get install postgresql-client）`);
    throw new Error(`${tool} 失败：${(failure.stderr ?? failure.message).trim().split('\n')[0]}`);
  }
}
