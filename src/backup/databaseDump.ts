import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { embeddedDatabase, openDatabase, type Db } from '../../db/connection';

const run = promisify(execFile);

export type DatabaseKind = 'pglite' | 'postgres';

/** A backup or restore that cannot go on, said in words the operator can act on (no stack trace). */
export class BackupError extends Error {}
export const DUMP_FILES: Record<DatabaseKind, string> = { pglite: 'pglite.tar.gz', postgres: 'postgres.dump' };

/**
 * Writes a consistent snapshot of the database to `file`. The embedded
 * database is checkpointed and copied while this holds its only connection, so
 * no transaction is half done; PostgreSQL is dumped by pg_dump (one snapshot)
 * of duban's schema alone (the connection's current schema, `public` unless
 * the URL sets a search_path), so a restore never touches another
 * application's tables in a shared database.
 */
export async function dumpDatabase(db: Db, databaseUrl: string | undefined, file: string): Promise<{ kind: DatabaseKind; schema?: string }> {
  const pglite = embeddedDatabase(db);
  if (pglite) {
    const blob = await db.connection().execute(async (connection) => {
      await sql`checkpoint`.execute(connection);
      return pglite.dumpDataDir('gzip');
    });
    fs.writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
    return { kind: 'pglite' };
  }
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0].schema;
  await postgresTool('pg_dump', ['--format=custom', '--no-owner', `--schema="${schema.replace(/"/g, '""')}"`, `--file=${file}`, databaseUrl!]);
  return { kind: 'postgres', schema };
}

/** Replaces the database with the snapshot in `file`; the old embedded files are kept beside it. */
export async function restoreDatabase(kind: DatabaseKind, file: string, target: { databaseUrl?: string; dataDir: string }): Promise<void> {
  if (kind === 'postgres') {
    if (!target.databaseUrl) throw new BackupError('这份备份来自 PostgreSQL：请设置 DATABASE_URL 后再恢复');
    await postgresTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${target.databaseUrl}`, file]);
    return;
  }
  if (target.databaseUrl) throw new BackupError('这份备份来自内置数据库：请不设置 DATABASE_URL，恢复到 DATA_DIR');
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
    if (failure.code === 'ENOENT') {
      throw new BackupError(`找不到 ${tool}：设置了 DATABASE_URL 时，备份与恢复要用 PostgreSQL 客户端工具。请安装与数据库服务器主版本相同的 postgresql-client（Debian：apt-get install postgresql-client），或把它所在的目录加入 PATH。`);
    }
    const said = (failure.stderr || failure.message).trim().split('\n')[0];
    const hint = /version mismatch/.test(said) ? '（客户端工具的主版本低于数据库服务器：请安装与服务器主版本相同的 postgresql-client）' : '';
    throw new BackupError(`${tool} 失败${hint}：${said}`);
  }
}
