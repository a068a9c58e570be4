import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../../db/connection';
import { dropSchema } from '../../testkit/db';

// Several bots or test runs may share one PostgreSQL database, each in its own
// schema. Migrating one must not fail because another schema is dropped meanwhile
// (CI failed this way: "relation test_….inbound_events does not exist").
const databaseUrl = process.env.DATABASE_URL;
const onPostgres = databaseUrl ? test : test.skip;

onPostgres('looking for the migration tables while other schemas come and go', async () => {
  const mine = `test_${randomBytes(6).toString('hex')}`;
  const db = await openDatabase({ databaseUrl, dataDir: 'unused', schema: mine });
  const churn = new pg.Client({ connectionString: databaseUrl });
  await churn.connect();
  let churning = true;
  const churned = (async () => {
    for (let i = 0; churning; i++) {
      const other = `${mine}_churn${i}`;
      await churn.query(`create schema ${other}`);
      for (let t = 0; t < 20; t++) await churn.query(`create table ${other}.t${t} (id serial primary key, a text)`);
      await churn.query(`drop schema ${other} cascade`);
    }
  })();
  try {
    // What the migrator asks on every start, asked many times while the churn runs.
    for (let i = 0; i < 200; i++) await db.introspection.getTables({ withInternalKyselyTables: true });
  } finally {
    churning = false;
    await churned;
    await churn.end();
    await db.destroy();
    await dropSchema(databaseUrl!, mine);
  }
});
