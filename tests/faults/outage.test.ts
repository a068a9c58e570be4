import { deliverDue } from '../../jobs/deliver';
import { enqueue } from '../../jobs/outbox';
import { silentLogger } from '../../src/logger';
import { notice } from '../../src/rendering/card';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { Harness, openHarness } from '../helpers/harness';
import { feishuAt, generousLimiter } from '../../testkit/jobs';

let h: Harness;
let fake: FakeFeishu;
beforeAll(async () => {
  fake = await new FakeFeishu().start();
  h = await openHarness({ env: { ADMIN_OPEN_IDS: 'ou_admin', DELIVERY_MAX_ATTEMPTS: '4' } });
});
afterAll(async () => {
  await fake.stop();
  await h.close();
});

const deliver = () => deliverDue(h.app, { platforms: { feishu: feishuAt(fake, 300) }, limiter: generousLimiter(), log: silentLogger, random: () => 0 });

async function until(done: () => Promise<boolean>, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error('timed out');
    await deliver();
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('5xx, 429 and timeouts for a while: retried, then delivered once each', async () => {
  for (let i = 0; i < 10; i++) {
    await enqueue(h.db, { dedupeKey: `outage:${i}`, platform: 'feishu', target: { kind: 'chat', id: `oc_${i}` }, kind: 'alert', payload: { card: notice('通知', `第${i}条`) } });
  }
  fake.failNext(/^POST \/open-apis\/im\/v1\/messages$/, { status: 503, code: -1, msg: 'unavailable' }, 6);
  fake.failNext(/^POST \/open-apis\/im\/v1\/messages$/, { status: 429, code: 99991400, headers: { 'x-ogw-ratelimit-reset': '0' } }, 6);
  fake.delay(/^POST \/open-apis\/im\/v1\/messages$/, 400); // longer than the client's 300 ms timeout
  const stopDelays = setTimeout(() => fake.clearDelays(), 1500);
  await until(async () => (await h.db.selectFrom('outbox').select('id').where('dedupe_key', 'like', 'outage:%').where('status', '!=', 'sent').execute()).length === 0);
  clearTimeout(stopDelays);
  const uuids = fake.posted.filter((p) => p.target.startsWith('chat_id:oc_')).map((p) => p.uuid);
  expect(uuids).toHaveLength(10);
  expect(new Set(uuids).size).toBe(10);
});

test('past the retry limit: marked failed with the error, the admins told, nothing lost', async () => {
  await enqueue(h.db, { dedupeKey: 'never', platform: 'feishu', target: { kind: 'chat', id: 'oc_never' }, kind: 'digest', payload: { card: notice('周报', '内容') } });
  fake.failNext(/^POST \/open-apis\/im\/v1\/messages$/, { status: 502, code: -1, msg: 'bad gateway' }, 12);
  await until(async () => (await h.db.selectFrom('outbox').select('status').where('dedupe_key', '=', 'never').executeTakeFirstOrThrow()).status === 'failed');
  await until(async () => (await h.db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute()).length === 0);
  const row = await h.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', 'never').executeTakeFirstOrThrow();
  expect(row.attempts).toBe(4);
  expect(row.last_error).toContain('bad gateway');
  expect(fake.posted.some((p) => p.target === 'open_id:ou_admin' && JSON.stringify(p.card).includes('多次发送失败'))).toBe(true);
});
