import fs from 'node:fs';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, Migration, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';
import { migrations } from './migrations';
import { PGliteDialect } from './pgliteDialect';
import { lockDataDir } from './dataDirLock';
import { withCatalogIntrospector } from './catalogIntrospector';

export type Db = Kysely<Database>;

export interface DbOptions {
  /** PostgreSQL URL; without it an embedded PGlite is used. */
  databaseUrl?: string;
  /** Where PGlite keeps its files; `memory://` keeps nothing. */
  dataDir: string;
  /** PostgreSQL only: run everything inside this schema (created if missing). Tests use it. */
  schema?: string;
}

const DATE_OID = 1082;
const INT8_OID = 20;

// `date` columns are calendar days, not instants: keep them as 'YYYY-MM-DD' text.
pg.types.setTypeParser(DATE_OID, (value: string) => value);
pg.types.setTypeParser(INT8_OID, (value: string) => Number(value));

export async function openDatabase(options: DbOptions): Promise<Db> {
  const db = options.databaseUrl ? await openPostgres(options) : await openPGlite(options.dataDir);
  await migrateToLatest(db, options.schema);
  return db;
}

async function openPostgres(options: DbOptions): Promise<Db> {
  let searchPath: string | undefined;
  if (options.schema) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`invalid schema name ${options.schema}`);
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    await client.query(`create schema if not exists ${options.schema}`);
    await client.end();
    searchPath = `-c search_path=${options.schema}`;
  }
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 20, options: searchPath });
  return new Kysely<Database>({ dialect: withCatalogIntrospector(new PostgresDialect({ pool })) });
}

async function openPGlite(dataDir: string): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  const inMemory = dataDir.startsWith('memory://');
  const dir = inMemory ? dataDir : path.resolve(dataDir, 'pglite');
  if (!inMemory) {
    // PGlite's files would be corrupted by a second process: lock before touching them.
    lockDataDir(dataDir);
    fs.mkdirSync(dir, { recursive: true });
  }
  const pglite = new PGlite(dir, {
    parsers: { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => Number(value) },
  });
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: withCatalogIntrospector(new PGliteDialect(pglite)) });
  embedded.set(db, pglite);
  return db;
}

const embedded = new WeakMap<Db, PGlite>();

/** The embedded database behind `db`, or undefined on PostgreSQL. */
export function embeddedDatabase(db: Db): PGlite | undefined {
  return embedded.get(db);
}

/**
 * Kysely's own bookkeeping tables live beside ours, in `schema` or else the
 * connection's current schema (`public`, or the URL's search_path): its
 * migrator looks for them in every schema, and would otherwise find another's.
 */
export async function migrateToLatest(db: Db, schema?: string, known: Record<string, Migration> = migrations): Promise<void> {
  const inSchema = schema ?? await currentSchema(db);
  const newer = (await executedMigrations(db, inSchema)).filter((name) => !(name in known));
  if (newer.length) {
    throw new Error(`数据库已由较新版本的督办升级（本版本不认识的迁移：${newer.join('、')}），本版本不能在其上运行。请运行新版本；要退回旧版本，先用 restore 恢复升级前的备份。`);
  }
  // Migration numbers are handed out to work landing in any order: a database may have run 0006 before 0005 exists.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => known }, allowUnorderedMigrations: true, migrationTableSchema: inSchema });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`数据库迁移失败（${failed?.migrationName ?? '未知迁移'}）：${String(error)}`);
  }
}

/** Migrations this build knows that the database has not run (empty when it is up to date). */
export async function pendingMigrations(db: Db, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableSchema: schema ?? await currentSchema(db) });
  return (await migrator.getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}

/** Names of the migrations the database has run, by any version of duban. */
async function executedMigrations(db: Db, schema: string): Promise<string[]> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass(format('%I.%I', ${schema}::text, 'kysely_migration')) is not null as present`.execute(db);
  if (!rows[0].present) return [];
  return (await sql<{ name: string }>`select name from ${sql.table(`${schema}.kysely_migration`)}`.execute(db)).rows.map((r) => r.name);
}

async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  if (!rows[0].schema) throw new Error('数据库连接没有可用的模式（search_path 指向的模式不存在）');
  return rows[0].schema;
}
