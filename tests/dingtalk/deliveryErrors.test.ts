import { deliverDue } from '../../jobs/deliver';
import { enqueue } from '../../jobs/outbox';
import type { App } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/logger';
import { DingTalkApi } from '../../src/platforms/dingtalk/api';
import { DingTalkPlatform } from '../../src/platforms/dingtalk/dingtalkPlatform';
import { notice } from '../../src/rendering/card';
import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { openTestDb } from '../../testkit/db';
import { generousLimiter } from '../../testkit/jobs';

let fake: FakeDingTalk;
let app: App;
let close: () => Promise<void>;

beforeEach(async () => {
  fake = await new FakeDingTalk().start();
  const opened = await openTestDb();
  close = opened.close;
  app = { db: opened.db, config: loadConfig({ ADMIN_DINGTALK_IDS: 'staff_admin' }), clock: new ManualClock('2022-12-28T09:00:00+08:00') };
});
afterEach(async () => {
  await close();
  await fake.stop();
});

const waits: number[] = [];
const platform = () => new DingTalkPlatform(new DingTalkApi({ appKey: 'k', appSecret: 's', robotCode: 'r', apiBase: fake.url }), silentLogger, async (ms) => void waits.push(ms));
const deliver = () => deliverDue(app, { platforms: { dingtalk: platform() }, limiter: generousLimiter(), log: silentLogger, random: () => 0 });

async function queueOne(): Promise<number> {
  await enqueue(app.db, { dedupeKey: 'k1', platform: 'dingtalk', target: { kind: 'user', id: 'staff_a' }, kind: 'alert', payload: { card: notice('标题', '内容') } });
  return (await app.db.selectFrom('outbox').select('id').executeTakeFirstOrThrow()).id;
}

test('a DingTalk 4xx refusal is not retried: one request, the row failed at once', async () => {
  const id = await queueOne();
  fake.failNext(/batchSend/, 400, { code: 'invalidParameter.userIds.invalid', message: 'userIds invalid' });
  const report = await deliver();
  expect(report).toMatchObject({ sent: 0, retried: 0, failed: 1 });
  expect(fake.requests.filter((r) => r.path.endsWith('batchSend'))).toHaveLength(1);
  const row = await app.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  expect(row).toMatchObject({ status: 'failed', attempts: 1 });
});

test('a DingTalk throttle is retried, and the outbox waits as long as DingTalk asks', async () => {
  const id = await queueOne();
  waits.length = 0;
  fake.failNext(/batchSend/, 403, { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: 'qps' }, 3, { 'retry-after': '40' });
  const before = Date.now();
  const report = await deliver();
  expect(report).toMatchObject({ sent: 0, retried: 1, failed: 0 });
  // In-call retries wait the hint, capped at a few seconds; the outbox takes the full 40 s.
  expect(waits).toEqual([5_000, 5_000]);
  const row = await app.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  expect(row.status).toBe('pending');
  expect(row.next_attempt_at.getTime()).toBeGreaterThanOrEqual(before + 40_000);
  // Once DingTalk lets it through, the message goes out.
  await app.db.updateTable('outbox').set({ next_attempt_at: new Date() }).where('id', '=', id).execute();
  expect((await deliver()).sent).toBe(1);
});
