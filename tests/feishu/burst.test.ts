import * as lark from '@larksuiteoapi/node-sdk';
import { silentLogger } from '../../src/logger';
import { FeishuRuntime, startFeishu } from '../../src/platforms/feishu/startFeishu';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { messageEvent, postEvent } from '../../testkit/feishuEvents';
import { Harness, openHarness } from '../helpers/harness';
import { HANDLERS_AT_ONCE } from '../../src/bot/bot';

const KEY = 'burst-encrypt-key';
let h: Harness;
let fake: FakeFeishu;
let runtime: FeishuRuntime;

beforeAll(async () => {
  fake = await new FakeFeishu().start();
  h = await openHarness();
  runtime = await startFeishu(h.app, { appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: fake.url, eventMode: 'webhook', encryptKey: KEY }, silentLogger, { cache: new lark.DefaultCache(), port: 0 });
});
afterAll(async () => {
  await runtime.stop();
  await fake.stop();
  await h.close();
});

const repliesTo = (messageId: string) => fake.posted.filter((p) => p.kind === 'reply' && p.target === messageId);

test('in a burst, messages waiting their turn are acknowledged once recorded, and every one is answered once', async () => {
  // Slow replies keep the first handlers busy, so the rest of the burst must wait for a turn.
  fake.delay(/^POST \/open-apis\/im\/v1\/messages\/om_burst_\d+\/reply$/, 800);
  const burst = Array.from({ length: HANDLERS_AT_ONCE + 8 }, (_, i) => `om_burst_${i}`);
  const ackedBeforeReply = await Promise.all(burst.map(async (messageId) => {
    const answer = await postEvent(runtime.webhookUrl!, messageEvent({ token: '', senderOpenId: 'ou_burst', text: '/status 市发改局', messageId, eventId: `evt_${messageId}` }), { encryptKey: KEY });
    expect(answer.status).toBe(200);
    return repliesTo(messageId).length === 0;
  }));
  // HANDLERS_AT_ONCE handle at once; the eight that waited were acknowledged before their reply existed.
  expect(ackedBeforeReply.filter(Boolean).length).toBeGreaterThanOrEqual(8);
  await runtime.bot.inFlight.settled();
  for (const messageId of burst) expect(repliesTo(messageId)).toHaveLength(1);
  const statuses = await h.db.selectFrom('inbound_events').select('status').where('event_id', 'like', 'evt_om_burst_%').execute();
  expect(statuses.map((s) => s.status)).toEqual(Array(HANDLERS_AT_ONCE + 8).fill('done'));
});

test('a message recorded by a process that died before handling it is handled by the live one', async () => {
  const message = {
    eventId: 'evt_orphan', messageId: 'om_orphan', chat: { platform: 'feishu', id: 'oc_p2p_orphan', type: 'p2p' },
    sender: { platform: 'feishu', id: 'ou_orphan', name: null }, text: '/status 市发改局', mentions: [], mentionsBot: false,
  };
  const longAgo = new Date(Date.now() - 20 * 60 * 1000);
  await h.db.insertInto('inbound_events').values({ event_id: 'evt_orphan', platform: 'feishu', kind: 'message', payload: JSON.stringify(message), status: 'received', received_at: longAgo }).execute();
  expect(await runtime.bot.resumeUnfinished()).toBe(1);
  expect(repliesTo('om_orphan')).toHaveLength(1);
  const row = await h.db.selectFrom('inbound_events').select('status').where('event_id', '=', 'evt_orphan').executeTakeFirstOrThrow();
  expect(row.status).toBe('done');
  // Handled once: a second look finds nothing left.
  expect(await runtime.bot.resumeUnfinished()).toBe(0);
});
