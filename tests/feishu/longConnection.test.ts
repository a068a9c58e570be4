import * as lark from '@larksuiteoapi/node-sdk';
import { Bot } from '../../src/bot/bot';
import { silentLogger } from '../../src/logger';
import { createFeishuClient } from '../../src/platforms/feishu/client';
import { createEventDispatcher } from '../../src/platforms/feishu/events';
import { FeishuPlatform } from '../../src/platforms/feishu/feishuPlatform';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { messageEvent } from '../../testkit/feishuEvents';
import { Harness, openHarness } from '../helpers/harness';
import { eventSettled } from '../helpers/settled';

let h: Harness;
let fake: FakeFeishu;

beforeAll(async () => {
  fake = await new FakeFeishu().start();
  h = await openHarness();
});
afterAll(async () => {
  await fake.stop();
  await h.close();
});

/**
 * The long connection delivers events as protobuf frames; the SDK's WSClient
 * merges them and calls our dispatcher with `needCheck: false`. Here a frame is
 * handed to the real WSClient's frame handler, as its socket would.
 */
test('an event received over the long connection is dispatched and answered', async () => {
  const settings = { appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: fake.url, eventMode: 'ws' as const };
  const platform = new FeishuPlatform(createFeishuClient(settings, new lark.DefaultCache(), silentLogger), silentLogger);
  const bot = new Bot(h.app, platform, silentLogger);
  const dispatcher = createEventDispatcher({ bot, botOpenId: () => 'ou_bot', log: silentLogger });
  const ws = new lark.WSClient({ appId: settings.appId, appSecret: 's', domain: fake.url, loggerLevel: lark.LoggerLevel.error });
  (ws as unknown as { eventDispatcher: lark.EventDispatcher }).eventDispatcher = dispatcher;

  const event = messageEvent({ token: '', senderOpenId: 'ou_ws', text: '/status 市科技局', messageId: 'om_ws_1' });
  const frame = {
    SeqID: 1, LogID: 1, service: 1, method: 1,
    headers: [
      { key: 'type', value: 'event' }, { key: 'message_id', value: 'ws_msg_1' },
      { key: 'sum', value: '1' }, { key: 'seq', value: '0' }, { key: 'trace_id', value: 'trace_1' },
    ],
    payload: new TextEncoder().encode(JSON.stringify(event)),
  };
  await (ws as unknown as { handleEventData(frame: unknown): Promise<void> }).handleEventData(frame);
  const [reply] = await fake.waitFor(() => fake.repliesTo('om_ws_1').length && fake.repliesTo('om_ws_1'));
  expect(reply.card.header.title.content).toBe('市科技局 承诺事项');

  await (ws as unknown as { handleEventData(frame: unknown): Promise<void> }).handleEventData({ ...frame, headers: frame.headers.map((x) => (x.key === 'message_id' ? { ...x, value: 'ws_msg_2' } : x)) });
  await eventSettled(h.db, bot, event.header.event_id);
  expect(fake.repliesTo('om_ws_1')).toHaveLength(1);
});
