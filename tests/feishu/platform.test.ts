import * as lark from '@larksuiteoapi/node-sdk';
import { silentLogger } from '../../src/logger';
import { createFeishuClient, FeishuApiError } from '../../src/platforms/feishu/client';
import { FeishuPlatform } from '../../src/platforms/feishu/feishuPlatform';
import { TooLargeError } from '../../src/platforms/platform';
import { notice } from '../../src/rendering/card';
import { FakeFeishu } from '../../testkit/fakeFeishu';

let fake: FakeFeishu;
let platform: FeishuPlatform;
const waits: number[] = [];

beforeAll(async () => {
  fake = await new FakeFeishu().start();
  const client = createFeishuClient({ appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: fake.url, eventMode: 'ws' }, new lark.DefaultCache(), silentLogger);
  platform = new FeishuPlatform(client, silentLogger, async (ms) => void waits.push(ms));
});
afterAll(() => fake.stop());

test('send to a chat and to a user', async () => {
  await platform.send({ chatId: 'oc_1' }, notice('标题', '内容'), 'k-send-1');
  await platform.send({ userId: 'ou_1' }, notice('标题', '内容'), 'k-send-2');
  expect(fake.posted.map((p) => p.target)).toEqual(['chat_id:oc_1', 'open_id:ou_1']);
});

test('the same idempotency key posts once', async () => {
  const a = await platform.send({ chatId: 'oc_2' }, notice('a', 'b'), 'k-same');
  const b = await platform.send({ chatId: 'oc_2' }, notice('a', 'b'), 'k-same');
  expect(a).toBe(b);
  expect(fake.posted.filter((p) => p.uuid === 'k-same')).toHaveLength(1);
});

test.each([
  ['HTTP 400 / 230020 (per-chat limit)', { status: 400, code: 230020 }],
  ['HTTP 502', { status: 502, code: -1 }],
  ['HTTP 429 / 99991400 with a reset header', { status: 429, code: 99991400, headers: { 'x-ogw-ratelimit-reset': '2' } }],
] as [string, { status: number; code: number; headers?: Record<string, string> }][])('%s is retried and delivered once', async (_label, fault) => {
  waits.length = 0;
  fake.failNext(/^POST \/open-apis\/im\/v1\/messages$/, fault);
  await platform.send({ chatId: 'oc_retry' }, notice('a', 'b'), `k-${fault.code}-${fault.status}`);
  expect(fake.posted.filter((p) => p.uuid === `k-${fault.code}-${fault.status}`)).toHaveLength(1);
  expect(waits).toHaveLength(1);
  if ('headers' in fault) expect(waits[0]).toBe(2000);
});

test('a non-retryable code (HTTP 200, code 230002) rejects at once with the code', async () => {
  fake.failNext(/^POST \/open-apis\/im\/v1\/messages$/, { status: 200, code: 230002, msg: 'bot not in chat' });
  await expect(platform.send({ chatId: 'oc_x' }, notice('a', 'b'), 'k-nr')).rejects.toMatchObject({ code: 230002 });
});

test('persistent rate limiting gives up after three attempts', async () => {
  fake.failNext(/^POST \/open-apis\/im\/v1\/messages$/, { status: 429, code: 99991400 }, 3);
  await expect(platform.send({ chatId: 'oc_x' }, notice('a', 'b'), 'k-429')).rejects.toBeInstanceOf(FeishuApiError);
});

test('downloads a resource and enforces the size limit while streaming', async () => {
  fake.resources.set('file_ok', Buffer.from('hello'));
  expect((await platform.download('om_1', 'file_ok', 'file', 100)).toString()).toBe('hello');
  fake.resources.set('file_big', Buffer.alloc(50_000));
  await expect(platform.download('om_1', 'file_big', 'file', 1000)).rejects.toBeInstanceOf(TooLargeError);
  await expect(platform.download('om_1', 'missing', 'file', 1000)).rejects.toMatchObject({ code: 234003 });
});

test('the tenant token is fetched once and reused', () => {
  expect(fake.tokensIssued).toBe(1);
});

test('a rejected token is replaced and the call retried', async () => {
  const before = fake.tokensIssued;
  fake.failNext(/^POST \/open-apis\/im\/v1\/messages$/, { status: 400, code: 99991663, msg: 'token invalid' });
  await platform.send({ chatId: 'oc_tok' }, notice('a', 'b'), 'k-token');
  expect(fake.tokensIssued).toBe(before + 1);
  expect(fake.posted.filter((p) => p.uuid === 'k-token')).toHaveLength(1);
});
