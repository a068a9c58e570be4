import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Db, openDatabase } from '../db/connection';

/**
 * Fresh, migrated databases for one test file: an in-memory PGlite, or — when
 * DATABASE_URL is set (CI's second pass) — a throwaway schema on that server.
 * `connections` > 1 gives separate connection pools onto the same data, as
 * separate bot instances would have (PGlite, in-process, has only one).
 */
export async function openTestDbs(connections: number): Promise<{ dbs: Db[]; close: () => Promise<void> }> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const db = await openDatabase({ dataDir: 'memory://' });
    return { dbs: Array(connections).fill(db), close: () => db.destroy() };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const dbs: Db[] = [];
  for (let i = 0; i < connections; i++) dbs.push(await openDatabase({ databaseUrl, dataDir: 'unused', schema }));
  return {
    dbs,
    close: async () => {
      for (const db of dbs) await db.destroy();
      await dropSchema(databaseUrl, schema);
    },
  };
}

/** Removes a throwaway schema and everything in it. */
export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

export async function openTestDb(): Promise<{ db: Db; close: () => Promise<void> }> {
  const { dbs, close } = await openTestDbs(1);
  return { db: dbs[0], close };
}
