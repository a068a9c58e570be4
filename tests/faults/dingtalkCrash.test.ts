import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/connection';
import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { dropSchema } from '../../testkit/db';

const root = path.join(__dirname, '..', '..');

function worker(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tests/fixtures/deliveryWorker.ts')], {
    cwd: root, env: { ...process.env, ...env, NODE_OPTIONS: '' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

/** Plans a reminder day, kills the sender after a few messages, restarts it; returns the outbox rows and the fake. */
async function crashAndRestart(cards: boolean) {
  const fake = await new FakeDingTalk().start();
  fake.sendDelayMs = 60;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-dtcrash-'));
  const schema = process.env.DATABASE_URL ? `dtcrash_${randomBytes(5).toString('hex')}` : '';
  const env = { FAKE_URL: fake.url, DATA_DIR: dataDir, LEASE_MS: '800', TEST_SCHEMA: schema, DATABASE_URL: process.env.DATABASE_URL ?? '', PLATFORM: 'dingtalk', CARDS: cards ? '1' : '0' };
  const delivered = () => fake.cards.length + fake.sent.length;
  try {
    const first = worker({ ...env, PLAN: '1' });
    await fake.waitFor(() => delivered() >= 6, 90_000);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const second = worker({ ...env, PLAN: '0' });
    expect(await second.exited).toBe(0);
    const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir, schema: schema || undefined });
    const rows = await db.selectFrom('outbox').selectAll().execute();
    await db.destroy();
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    return { rows, fake };
  } finally {
    await fake.stop();
    if (schema) await dropSchema(process.env.DATABASE_URL!, schema);
  }
}

test('interactive cards: a sender killed mid-run and restarted delivers every message exactly once (outTrackId = outbox row)', async () => {
  const { rows, fake } = await crashAndRestart(true);
  expect(fake.sent).toHaveLength(0);
  expect(fake.cards.map((c) => c.outTrackId).sort()).toEqual(rows.map((r) => `duban-ob-${r.id}`).sort());
  // The fake keeps one card per outTrackId, as DingTalk does: count the attempts that reached it too.
  const attempts = fake.requests.filter((r) => r.path.endsWith('createAndDeliver')).length;
  process.stderr.write(`dingtalk crash, cards: ${rows.length} messages, ${attempts} createAndDeliver calls, 0 duplicates\n`);
}, 240_000);

test('markdown (no card template): the one message in flight at the kill may go out twice, never more', async () => {
  const { rows, fake } = await crashAndRestart(false);
  const duplicates = fake.sent.length - rows.length;
  process.stderr.write(`dingtalk crash, markdown: ${rows.length} messages, ${fake.sent.length} sent, ${duplicates} duplicate(s)\n`);
  expect(duplicates).toBeGreaterThanOrEqual(0);
  expect(duplicates).toBeLessThanOrEqual(1);
}, 240_000);
