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
  // A message being handled holds its answer as long as it takes: only the feature under test can answer one early.
  runtime = await startFeishu(h.app, { appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: fake.url, eventMode: 'webhook', encryptKey: KEY }, silentLogger, { cache: new lark.DefaultCache(), port: 0, answerWithinMs: 600_000 });
});
afterAll(async () => {
  await runtime.stop();
  await fake.stop();
  await h.close();
});

const repliesTo = (messageId: string) => fake.posted.filter((p) => p.kind === 'reply' && p.target === messageId);

test('in a burst, messages waiting their turn are acknowledged once recorded, and every one is answered once', async () => {
  // Replies are held, so the first HANDLERS_AT_ONCE handlers stay busy and the rest of the burst must wait for a turn.
  const release = fake.hold(/^POST \/open-apis\/im\/v1\/messages\/om_burst_\d+\/reply$/);
  const burst = Array.from({ length: HANDLERS_AT_ONCE + 8 }, (_, i) => `om_burst_${i}`);
  const acknowledged: string[] = [];
  const answers = burst.map((messageId) => postEvent(runtime.webhookUrl!, messageEvent({ token: '', senderOpenId: 'ou_burst', text: '/status 市发改局', messageId, eventId: `evt_${messageId}` }), { encryptKey: KEY })
    .then((answer) => {
      acknowledged.push(messageId);
      return answer.status;
    }));
  // The eight that wait are acknowledged while no reply can be sent: recorded is enough.
  await fake.waitFor(() => acknowledged.length >= 8, 30_000);
  expect(fake.posted.filter((p) => p.kind === 'reply' && p.target.startsWith('om_burst_'))).toHaveLength(0);
  release();
  expect(await Promise.all(answers)).toEqual(Array(burst.length).fill(200));
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
