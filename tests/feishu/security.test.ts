import * as lark from '@larksuiteoapi/node-sdk';
import { createLogger } from '../../src/logger';
import { notice } from '../../src/rendering/card';
import { FeishuRuntime, startFeishu } from '../../src/platforms/feishu/startFeishu';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { cardActionEvent, messageEvent, postEvent } from '../../testkit/feishuEvents';
import { Harness, itemId, openHarness } from '../helpers/harness';

const ENCRYPT_KEY = 'test-encrypt-key-security';
const TOKEN = 'v-token-sec';
const ADMIN = 'ou_admin';

let h: Harness;
let fake: FakeFeishu;
let runtime: FeishuRuntime;
let url: string;
const logLines: string[] = [];

beforeAll(async () => {
  fake = await new FakeFeishu().start();
  // Feishu does not tell the bot who it is at start: the first three asks fail.
  fake.failNext(/^GET \/open-apis\/bot\/v3\/info$/, { status: 500, code: 1, msg: 'internal error' }, 3);
  h = await openHarness({ env: { ADMIN_OPEN_IDS: ADMIN } });
  runtime = await startFeishu(
    h.app,
    { appId: 'cli_a1b2c3d4e5f60718', appSecret: 'secret', domain: fake.url, eventMode: 'webhook', encryptKey: ENCRYPT_KEY, verificationToken: TOKEN },
    createLogger('debug', (line) => logLines.push(line)),
    { cache: new lark.DefaultCache(), port: 0, botInfoRetryMs: 300 },
  );
  url = runtime.webhookUrl!;
});
afterAll(async () => {
  await runtime.stop();
  await fake.stop();
  await h.close();
});

const send = (payload: unknown) => postEvent(url, payload, { encryptKey: ENCRYPT_KEY });
const cardText = (card: any) => JSON.stringify(card.body.elements);
const feishuOf = async (name: string) => (await h.db.selectFrom('leaders').select('feishu_open_id').where('name', '=', name).executeTakeFirstOrThrow()).feishu_open_id;
const bindInGroup = (messageId: string) => messageEvent({
  token: TOKEN, senderOpenId: ADMIN, chatType: 'group', chatId: 'oc_office', messageId,
  text: '@_user_1 /bind 童安胜 @_user_2',
  mentions: [{ key: '@_user_1', open_id: 'ou_bot', name: '督办' }, { key: '@_user_2', open_id: 'ou_tong', name: '童安胜' }],
});

describe('the bot’s own id', () => {
  test('until it is known, a command naming someone by @ is refused, and no mention is taken for the bot', async () => {
    expect((await send(bindInGroup('om_bind_early'))).status).toBe(200);
    const [reply] = await fake.waitFor(() => fake.repliesTo('om_bind_early').length && fake.repliesTo('om_bind_early'));
    expect(cardText(reply.card)).toContain('还不知道自己的账号');
    expect(await feishuOf('童安胜')).toBeNull();
    expect(await h.db.selectFrom('leaders').select('id').where('feishu_open_id', '=', ADMIN).execute()).toHaveLength(0);
  });

  test('a command without @-arguments still works meanwhile', async () => {
    await send(messageEvent({
      token: TOKEN, senderOpenId: 'ou_x', chatType: 'group', chatId: 'oc_office', messageId: 'om_status_early',
      text: '@_user_1 /status 市发改局', mentions: [{ key: '@_user_1', open_id: 'ou_bot', name: '督办' }],
    }));
    const [reply] = await fake.waitFor(() => fake.repliesTo('om_status_early').length && fake.repliesTo('om_status_early'));
    expect(reply.card.header.title.content).toBe('市发改局 承诺事项');
  });

  test('it is asked again until known; then the same command binds the person named', async () => {
    await fake.waitFor(() => fake.requests.filter((r) => r.path === '/open-apis/bot/v3/info').length >= 4, 10_000);
    await new Promise((r) => setTimeout(r, 100));
    await send(bindInGroup('om_bind_late'));
    const [reply] = await fake.waitFor(() => fake.repliesTo('om_bind_late').length && fake.repliesTo('om_bind_late'));
    expect(reply.card.header.title.content).toBe('绑定成功');
    expect(await feishuOf('童安胜')).toBe('ou_tong');
  });
});

describe('card callbacks', () => {
  test('a callback replayed within the signature window is not applied again', async () => {
    const id = await itemId(h.db, '市委政法委', 4); // 童安胜 (bound above)
    const click = cardActionEvent({ token: TOKEN, operatorOpenId: 'ou_tong', value: { action: 'done', id }, messageId: 'om_card_replay' });
    const first = await send(click);
    expect(first.body.toast.type).toBe('success');
    await h.say({ platform: 'feishu', id: 'ou_tong', name: null }, `/reopen ${id} 材料不全`);
    const logged = async () => (await h.db.selectFrom('activity_log').select('id').where('commitment_id', '=', id).execute()).length;
    const before = await logged();
    const replay = await send(click);
    expect(replay.status).toBe(200);
    expect(replay.body.toast).toEqual({ type: 'info', content: '这个操作已经处理过了' });
    expect(await logged()).toBe(before);
    expect((await h.db.selectFrom('commitments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).not.toBe('done');
  });
});

describe('events with missing fields', () => {
  const full = () => messageEvent({ token: TOKEN, senderOpenId: 'ou_x', text: '/help' });
  const without = (strip: (event: any) => void) => {
    const event = full();
    strip(event);
    return event;
  };
  test.each([
    ['no event_id', without((e) => delete e.header.event_id), 'event_id'],
    ['no message_id', without((e) => delete e.event.message.message_id), 'message.message_id'],
    ['no chat_id', without((e) => delete e.event.message.chat_id), 'message.chat_id'],
    ['no message at all', without((e) => delete e.event.message), 'message.message_id'],
    ['a card callback without operator', (() => {
      const click: any = cardActionEvent({ token: TOKEN, operatorOpenId: 'ou_x', value: { action: 'done', id: 1 }, messageId: 'om_m' });
      delete click.event.operator;
      return click;
    })(), 'operator.open_id'],
  ])('%s: answered 200, a warning logged, nothing stored', async (_label, event, field) => {
    const stored = async () => (await h.db.selectFrom('inbound_events').select('event_id').execute()).length;
    const before = await stored();
    logLines.length = 0;
    const response = await send(event);
    expect(response.status).toBe(200);
    const warning = logLines.map((l) => JSON.parse(l)).find((l) => l.message === 'event with missing fields ignored');
    expect(warning).toMatchObject({ level: 'warn', missing: expect.arrayContaining([field]) });
    expect(logLines.some((l) => JSON.parse(l).level === 'error')).toBe(false);
    expect(await stored()).toBe(before);
  });
});

describe('markdown injection', () => {
  test('an uploaded file’s name is escaped in the reply card', async () => {
    const id = await itemId(h.db, '市委政法委', 4);
    await send(messageEvent({ token: TOKEN, senderOpenId: ADMIN, text: `/佐证 ${id}`, messageId: 'om_ev_open' }));
    await fake.waitFor(() => fake.repliesTo('om_ev_open').length);
    fake.resources.set('file_evil', Buffer.from('x'));
    await send(messageEvent({ token: TOKEN, senderOpenId: ADMIN, file: { key: 'file_evil', name: '[通知](evil.example) <at id=all></at> **加急**.pdf' }, messageId: 'om_ev_evil' }));
    const [reply] = await fake.waitFor(() => fake.repliesTo('om_ev_evil').length && fake.repliesTo('om_ev_evil'));
    const text = cardText(reply.card);
    expect(text).toContain('已归档文件');
    expect(text).not.toMatch(/\]\(evil|<at|\*\*加急/);
  });
});

describe('personal data in logs', () => {
  test('a failed send logs ids and error codes, never the card', async () => {
    fake.failNext(/^POST \/open-apis\/im\/v1\/messages$/, { status: 400, code: 230001, msg: 'invalid receive_id' });
    logLines.length = 0;
    const card = notice('群众来信', '来信人：张三，身份证 330102199001011234，电话 13800138000');
    await expect(runtime.platform.send({ userId: 'ou_nobody' }, card, 'pii-probe')).rejects.toThrow('230001');
    const all = logLines.join('\n');
    expect(all).toContain('230001');
    expect(all).not.toMatch(/330102199001011234|13800138000|张三|群众来信/);
  });
});
