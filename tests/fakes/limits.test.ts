import * as lark from '@larksuiteoapi/node-sdk';
import { silentLogger } from '../../src/logger';
import { DingTalkApi } from '../../src/platforms/dingtalk/api';
import { createFeishuClient } from '../../src/platforms/feishu/client';
import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { checkCard } from '../../testkit/feishuCardRules';

/** The fakes refuse what Feishu and DingTalk refuse, so every test checks that what we send would be accepted. */
const card = (elements: unknown[]) => JSON.stringify({ schema: '2.0', config: { update_multi: true }, header: { title: { tag: 'plain_text', content: 't' }, template: 'blue' }, body: { elements } });
const md = (content: string) => ({ tag: 'markdown', content });

test('Feishu: over 30 KB, over 200 elements counting nested ones, unknown tags and properties are refused', () => {
  expect(checkCard(card([md('x'.repeat(30 * 1024))]))).toMatchObject({ code: 230025 });
  expect(checkCard(card(Array.from({ length: 200 }, () => md('x'))))).toBeNull();
  const buttons = { tag: 'column_set', flex_mode: 'flow', columns: Array.from({ length: 50 }, () => ({ tag: 'column', width: 'auto', elements: [{ tag: 'button', text: { tag: 'plain_text', content: 'b' }, type: 'default', behaviors: [] }] })) };
  // 1 column_set + 50 columns + 50 buttons = 101 elements, twice.
  expect(checkCard(card([buttons, buttons]))).toMatchObject({ code: 230099, msg: expect.stringContaining('202 elements') });
  expect(checkCard(card([{ tag: 'note', elements: [] }]))).toMatchObject({ code: 230099, msg: expect.stringContaining('unknown tag') });
  expect(checkCard(card([{ ...md('x'), colour: 'red' }]))).toMatchObject({ code: 230099, msg: expect.stringContaining('unknown property colour') });
});

test('Feishu: the real SDK gets HTTP 400 with the code for a refused card, and nothing is posted', async () => {
  const fake = await new FakeFeishu().start();
  try {
    const client = createFeishuClient({ appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: fake.url, eventMode: 'ws' }, new lark.DefaultCache(), silentLogger);
    const sent = client.im.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: 'oc_1', msg_type: 'interactive', content: card([md('字'.repeat(11_000))]) } });
    await expect(sent).rejects.toMatchObject({ response: { status: 400, data: { code: 230025 } } });
    expect(fake.posted).toHaveLength(0);
  } finally {
    await fake.stop();
  }
});

test('DingTalk: msgParam over 15,000 bytes, more than 20 users and over-long markdown are refused', async () => {
  const fake = await new FakeDingTalk().start();
  try {
    const api = new DingTalkApi({ appKey: 'k', appSecret: 's', robotCode: 'r', apiBase: fake.url });
    await expect(api.sendToGroup('cid1', 'sampleMarkdown', { title: 't', text: '字'.repeat(5_001) })).rejects.toThrow();
    await expect(api.sendToUsers(Array.from({ length: 21 }, (_, i) => `u${i}`), 'sampleMarkdown', { title: 't', text: 'x' })).rejects.toThrow();
    await api.sendToUsers(Array.from({ length: 20 }, (_, i) => `u${i}`), 'sampleMarkdown', { title: 't', text: '字'.repeat(4_900) });
    expect(fake.refused.map((r) => r.code)).toEqual(['invalidParameter.msgParam.tooLong', 'invalidParameter.userIds.invalid']);
    expect(fake.sent).toHaveLength(1);
  } finally {
    await fake.stop();
  }
});
