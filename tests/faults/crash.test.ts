import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/connection';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { runScript } from '../helpers/child';
import { dropSchema } from '../../testkit/db';

const worker = (env: Record<string, string>) => runScript('tests/fixtures/deliveryWorker.ts', env);

test('a delivery process killed with SIGKILL mid-run and restarted: every message exactly once', async () => {
  const fake = await new FakeFeishu().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-crash-'));
  const schema = process.env.DATABASE_URL ? `crash_${randomBytes(5).toString('hex')}` : '';
  const env = { FAKE_URL: fake.url, DATA_DIR: dataDir, LEASE_MS: '800', TEST_SCHEMA: schema, DATABASE_URL: process.env.DATABASE_URL ?? '' };
  // Each send takes a while, so the kill lands in the middle of the run.
  fake.delay(/^POST \/open-apis\/im\/v1\/messages$/, 60);
  try {
    const first = worker({ ...env, PLAN: '1' });
    // Generous: on a loaded machine the child's start (tsx, migrations, planning) alone can take a minute.
    await fake.waitFor(() => fake.posted.length >= 6, 180_000).catch((error) => {
      throw new Error(`${error.message}; the worker wrote:\n${first.output()}`);
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const postedAtKill = fake.posted.length;

    const second = worker({ ...env, PLAN: '0' });
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain('drained');

    const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir, schema: schema || undefined });
    const rows = await db.selectFrom('outbox').selectAll().execute();
    await db.destroy();
    expect(rows.length).toBeGreaterThan(postedAtKill);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const uuids = fake.posted.map((p) => p.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(new Set(uuids)).toEqual(new Set(rows.map((r) => `ob-${r.id}`)));
  } finally {
    await fake.stop();
    if (schema) await dropSchema(process.env.DATABASE_URL!, schema);
  }
}, 360_000);
