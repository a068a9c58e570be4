import * as lark from '@larksuiteoapi/node-sdk';
import { silentLogger } from '../../src/logger';
import { dingtalkSign } from '../../src/platforms/dingtalk/httpCallback';
import { DingTalkRuntime, startDingTalk } from '../../src/platforms/dingtalk/startDingTalk';
import { FeishuRuntime, startFeishu } from '../../src/platforms/feishu/startFeishu';
import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { messageEvent, postEvent } from '../../testkit/feishuEvents';
import { Harness, openHarness } from '../helpers/harness';

const KEY = 'unrecorded-key';
let h: Harness;
let feishuFake: FakeFeishu;
let dingFake: FakeDingTalk;
let feishu: FeishuRuntime;
let dingtalk: DingTalkRuntime;

beforeAll(async () => {
  feishuFake = await new FakeFeishu().start();
  dingFake = await new FakeDingTalk().start();
  h = await openHarness();
  feishu = await startFeishu(h.app, { appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: feishuFake.url, eventMode: 'webhook', encryptKey: KEY }, silentLogger, { cache: new lark.DefaultCache(), port: 0 });
  dingtalk = await startDingTalk(h.app, { appKey: 'k', appSecret: 'dsecret', robotCode: 'r', eventMode: 'http', apiBase: dingFake.url }, silentLogger, { port: 0 });
  // The database loses the table events are recorded in: nothing can be recorded.
  await h.db.schema.dropTable('inbound_events').execute();
});
afterAll(async () => {
  await feishu.stop();
  await dingtalk.stop();
  await feishuFake.stop();
  await dingFake.stop();
  await h.close();
});

test('an event that cannot be recorded is answered 500 so Feishu delivers it again, and is not half-handled', async () => {
  const response = await postEvent(feishu.webhookUrl!, messageEvent({ token: '', senderOpenId: 'ou_x', text: '/status 市发改局', messageId: 'om_unrecorded' }), { encryptKey: KEY });
  expect(response.status).toBe(500);
  expect(feishuFake.repliesTo('om_unrecorded')).toHaveLength(0);
});

test('the same on DingTalk’s callback', async () => {
  const timestamp = String(Date.now());
  const response = await fetch(dingtalk.callbackUrl!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', timestamp, sign: dingtalkSign(timestamp, 'dsecret') },
    body: JSON.stringify({ msgId: 'm1', msgtype: 'text', text: { content: '/help' }, conversationId: 'c', conversationType: '1', senderStaffId: 's', sessionWebhook: dingFake.sessionWebhook('x'), sessionWebhookExpiredTime: Date.now() + 60_000 }),
  });
  expect(response.status).toBe(500);
  expect(dingFake.sent).toHaveLength(0);
});
