import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Db, openDatabase } from '../../db/connection';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or — when
 * DATABASE_URL is set (CI's second pass) — a throwaway schema on that server.
 */
export async function openTestDb(): Promise<{ db: Db; close: () => Promise<void> }> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const db = await openDatabase({ dataDir: 'memory://' });
    return { db, close: () => db.destroy() };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const db = await openDatabase({ databaseUrl, dataDir: 'unused', schema });
  return {
    db,
    close: async () => {
      await db.destroy();
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`drop schema ${schema} cascade`);
      await client.end();
    },
  };
}
