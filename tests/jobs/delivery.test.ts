import { deliverDue } from '../../jobs/deliver';
import { runDigest } from '../../jobs/digest';
import { enqueue } from '../../jobs/outbox';
import { RateLimiter } from '../../jobs/rateLimiter';
import { planReminders } from '../../jobs/reminders';
import type { App } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/logger';
import { notice } from '../../src/rendering/card';
import { seedIfEmpty } from '../../src/register/seedRegister';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { openTestDbs } from '../../testkit/db';
import { bindAllLeaders, drainOutbox, feishuAt, generousLimiter } from '../../testkit/jobs';

let fake: FakeFeishu;
beforeEach(async () => {
  fake = await new FakeFeishu().start();
});
afterEach(() => fake.stop());

async function openInstances(n: number, env: Record<string, string> = {}) {
  const { dbs, close } = await openTestDbs(n);
  const config = loadConfig({ ADMIN_OPEN_IDS: 'ou_admin', ...env });
  const apps: App[] = dbs.map((db) => ({ db, config, clock: new ManualClock('2022-12-28T09:00:00+08:00') }));
  await seedIfEmpty(apps[0].db, apps[0].clock);
  await bindAllLeaders(apps[0].db);
  return { apps, close };
}

const deliverWith = (app: App, extra: Partial<Parameters<typeof deliverDue>[1]> = {}) =>
  deliverDue(app, { platforms: { feishu: feishuAt(fake) }, limiter: generousLimiter(), log: silentLogger, random: () => 0, ...extra });

const drain = (app: App) => drainOutbox(app.db, () => deliverWith(app));

function expectEachOnce(rows: { id: number }[]) {
  const uuids = fake.posted.map((p) => p.uuid);
  expect(new Set(uuids).size).toBe(uuids.length);
  expect(fake.posted).toHaveLength(rows.length);
  expect(new Set(uuids)).toEqual(new Set(rows.map((r) => `ob-${r.id}`)));
}

test('429 for the first sends: every message delivered exactly once', async () => {
  const { apps: [app], close } = await openInstances(1);
  try {
    await planReminders(app, '2022-12-28');
    fake.failNext(/^POST \/open-apis\/im\/v1\/messages$/, { status: 429, code: 99991400, headers: { 'x-ogw-ratelimit-reset': '0' } }, 7);
    await drain(app);
    const rows = await app.db.selectFrom('outbox').selectAll().execute();
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows.some((r) => r.attempts > 1)).toBe(true);
    expectEachOnce(rows);
  } finally {
    await close();
  }
});

test('a worker that dies between sending and marking: each message once in total', async () => {
  const { apps: [app], close } = await openInstances(1);
  try {
    await enqueue(app.db, { dedupeKey: 'k1', platform: 'feishu', target: { kind: 'user', id: 'ou_a' }, kind: 'alert', payload: { card: notice('a', 'b') } });
    await enqueue(app.db, { dedupeKey: 'k2', platform: 'feishu', target: { kind: 'user', id: 'ou_b' }, kind: 'alert', payload: { card: notice('c', 'd') } });
    // The first worker sends and then hangs forever, holding its lease for 300 ms.
    void deliverWith(app, { leaseMs: 300, afterSend: () => new Promise<void>(() => undefined) });
    await fake.waitFor(() => fake.posted.length >= 1);
    await new Promise((r) => setTimeout(r, 400));
    await drain(app);
    const rows = await app.db.selectFrom('outbox').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(rows[0].attempts).toBe(2);
    expectEachOnce(rows);
    expect(fake.requests.filter((r) => r.path === '/open-apis/im/v1/messages').length).toBe(3);
  } finally {
    await close();
  }
});

test('three instances planning and delivering at once: each message once', async () => {
  const { apps, close } = await openInstances(3);
  try {
    await apps[0].db.insertInto('group_subscriptions').values({ platform: 'feishu', chat_id: 'oc_all', department_ids: '[]', created_at: new Date(), updated_at: new Date() }).execute();
    await Promise.all(apps.map(async (app) => {
      await planReminders(app, '2022-12-26');
      await runDigest(app, '2022-12-26');
      await planReminders(app, '2022-12-28');
    }));
    await Promise.all(apps.map((app) => deliverWith(app, { batch: 3 })));
    const rows = await apps[0].db.selectFrom('outbox').selectAll().execute();
    expect(rows.length).toBeGreaterThan(40);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows.filter((r) => r.kind === 'digest')).toHaveLength(1);
    expectEachOnce(rows);
  } finally {
    await close();
  }
});

test('a message that keeps failing is marked failed with its error and the admins are told', async () => {
  const { apps: [app], close } = await openInstances(1, { DELIVERY_MAX_ATTEMPTS: '2' });
  try {
    await enqueue(app.db, { dedupeKey: 'doomed', platform: 'feishu', target: { kind: 'chat', id: 'oc_gone' }, kind: 'digest', payload: { card: notice('周报', '内容') } });
    fake.failNext(/^POST \/open-apis\/im\/v1\/messages$/, { status: 500, code: -1, msg: 'server error' }, 6);
    await drain(app);
    const row = await app.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', 'doomed').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row.last_error).toContain('server error');
    const alert = fake.posted.find((p) => p.target === 'open_id:ou_admin')!;
    expect(JSON.stringify(alert.card)).toContain('多次发送失败');
  } finally {
    await close();
  }
});

test('the rate limiter holds sends under the ceiling, per app and per recipient', async () => {
  let now = 0;
  const slept: number[] = [];
  const limiter = new RateLimiter(5, 2, () => now, async (ms) => {
    slept.push(ms);
    now += ms;
  });
  for (let i = 0; i < 4; i++) await limiter.acquire('chat:a');
  expect(now).toBe(1000); // the third and fourth to one chat wait for the next second
  for (let i = 0; i < 5; i++) await limiter.acquire(`user:${i}`);
  expect(now).toBeGreaterThanOrEqual(2000); // the app-wide five per second
  expect(slept.every((ms) => ms > 0)).toBe(true);
});
