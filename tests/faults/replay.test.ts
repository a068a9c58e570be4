import * as lark from '@larksuiteoapi/node-sdk';
import { silentLogger } from '../../src/logger';
import { FeishuRuntime, startFeishu } from '../../src/platforms/feishu/startFeishu';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { messageEvent, postEvent } from '../../testkit/feishuEvents';
import { Harness, itemId, openHarness } from '../helpers/harness';
import { eventSettled } from '../helpers/settled';

const KEY = 'replay-encrypt-key';
let h: Harness;
let fake: FakeFeishu;
let runtime: FeishuRuntime;

beforeAll(async () => {
  fake = await new FakeFeishu().start();
  h = await openHarness({ env: { ADMIN_OPEN_IDS: 'ou_admin' } });
  runtime = await startFeishu(h.app, { appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: fake.url, eventMode: 'webhook', encryptKey: KEY }, silentLogger, { cache: new lark.DefaultCache(), port: 0 });
});
afterAll(async () => {
  await runtime.stop();
  await fake.stop();
  await h.close();
});

test('100 redeliveries of the same events, many at once: each takes effect once and is answered once', async () => {
  const id = await itemId(h.db, '市委政法委', 1);
  const done = messageEvent({ token: '', senderOpenId: 'ou_admin', text: `/done ${id} 一次`, messageId: 'om_replay_done' });
  const progress = messageEvent({ token: '', senderOpenId: 'ou_admin', text: `/progress ${await itemId(h.db, '市委政法委', 2)} 40%`, messageId: 'om_replay_progress' });
  const posts = [];
  for (let i = 0; i < 100; i++) posts.push(postEvent(runtime.webhookUrl!, i % 2 ? done : progress, { encryptKey: KEY }));
  const statuses = await Promise.all(posts);
  expect(statuses.every((s) => s.status === 200)).toBe(true);
  await fake.waitFor(() => fake.repliesTo('om_replay_done').length && fake.repliesTo('om_replay_progress').length);
  await eventSettled(h.db, runtime.bot, done.header.event_id);
  await eventSettled(h.db, runtime.bot, progress.header.event_id);
  expect(fake.repliesTo('om_replay_done')).toHaveLength(1);
  expect(fake.repliesTo('om_replay_progress')).toHaveLength(1);
  const log = await h.db.selectFrom('activity_log').select('action').where('action', 'in', ['done', 'progress']).execute();
  expect(log).toHaveLength(2);
  expect(await h.db.selectFrom('progress_reports').select('id').execute()).toHaveLength(1);
});
