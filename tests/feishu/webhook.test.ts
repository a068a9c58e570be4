import fs from 'node:fs';
import path from 'node:path';
import type { FeishuRuntime } from '../../src/platforms/feishu/startFeishu';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { cardActionEvent, messageEvent, postEvent } from '../../testkit/feishuEvents';
import { Harness, itemId, openHarness } from '../helpers/harness';
import { startWebhookAt } from '../../testkit/jobs';
import { eventSettled } from '../helpers/settled';

const ENCRYPT_KEY = 'test-encrypt-key-0123456789';
const TOKEN = 'v-token-abc';
const ADMIN = 'ou_admin';

let h: Harness;
let fake: FakeFeishu;
let runtime: FeishuRuntime;
let url: string;

beforeAll(async () => {
  fake = await new FakeFeishu().start();
  h = await openHarness({ env: { ADMIN_OPEN_IDS: ADMIN, EVIDENCE_MAX_BYTES: '4096', REVIEW_REQUIRED: 'false' } });
  runtime = await startWebhookAt(h.app, fake, { encryptKey: ENCRYPT_KEY, verificationToken: TOKEN });
  url = runtime.webhookUrl!;
});
afterAll(async () => {
  await runtime.stop();
  await fake.stop();
  await h.close();
});

const send = (payload: unknown, options: Partial<Parameters<typeof postEvent>[2]> = {}) => postEvent(url, payload, { encryptKey: ENCRYPT_KEY, ...options });
const cardText = (card: any) => JSON.stringify(card.body.elements);

describe('webhook: /status from a p2p chat', () => {
  const event = messageEvent({ token: TOKEN, senderOpenId: 'ou_someone', text: '/status 市发改局', messageId: 'om_status_1' });

  test('is answered within 3 s with a JSON 2.0 card listing all of the department’s commitments', async () => {
    const started = Date.now();
    const response = await send(event);
    expect(response.status).toBe(200);
    const [reply] = await fake.waitFor(() => fake.repliesTo('om_status_1').length && fake.repliesTo('om_status_1'), 3000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(reply.card).toMatchObject({ schema: '2.0', config: { update_multi: true }, header: { title: { content: '市发改局 承诺事项' } } });
    const ids = [];
    for (let seq = 1; seq <= 13; seq++) ids.push(await itemId(h.db, '市发改局', seq));
    for (const id of ids) expect(cardText(reply.card)).toContain(`#${id}`);
    expect(reply.uuid).toBe(`r-${event.header.event_id}`);
    const auth = fake.requests.find((r) => r.path.endsWith('/reply'))!.headers.authorization;
    expect(auth).toMatch(/^Bearer t-fake-/);
  });

  test('the same event delivered again gets no second reply', async () => {
    const twice = messageEvent({ token: TOKEN, senderOpenId: 'ou_someone', text: '/status 市发改局', messageId: 'om_status_twice' });
    for (let delivery = 0; delivery < 2; delivery++) {
      expect((await send(twice)).status).toBe(200);
      await eventSettled(h.db, runtime.bot, twice.header.event_id);
    }
    expect(fake.repliesTo('om_status_twice')).toHaveLength(1);
    const replyCalls = fake.requests.filter((r) => r.path === '/open-apis/im/v1/messages/om_status_twice/reply');
    expect(replyCalls).toHaveLength(1);
  });
});

describe('webhook: refused requests change nothing', () => {
  const refusedEvent = (messageId: string) => messageEvent({ token: TOKEN, senderOpenId: 'ou_someone', text: '/status 市发改局', messageId });
  const eventsStored = async () => (await h.db.selectFrom('inbound_events').select('event_id').execute()).length;

  test.each([
    ['a forged signature', { forgeSignature: true }, 'om_forged'],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 600 }, 'om_stale'],
    ['a timestamp from the future', { timestamp: Math.floor(Date.now() / 1000) + 600 }, 'om_future'],
    ['no signature at all', { unsigned: true }, 'om_unsigned'],
  ])('%s', async (_label, options, messageId) => {
    const before = await eventsStored();
    const response = await send(refusedEvent(messageId), options);
    expect(response.status).toBe(401);
    await eventSettled(h.db, runtime.bot);
    expect(fake.repliesTo(messageId)).toHaveLength(0);
    expect(await eventsStored()).toBe(before);
  });

  test('a wrong verification token', async () => {
    const event = messageEvent({ token: 'not-the-token', senderOpenId: 'ou_x', text: '/status', messageId: 'om_badtoken' });
    expect((await send(event)).status).toBe(403);
    expect(fake.repliesTo('om_badtoken')).toHaveLength(0);
  });

  test('plain JSON, garbage and wrong paths; the server keeps serving', async () => {
    const plain = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(refusedEvent('om_plain')) });
    expect(plain.status).toBe(401);
    expect((await fetch(url, { method: 'POST', body: '{not json' })).status).toBe(400);
    expect((await fetch(url, { method: 'POST', body: JSON.stringify({ encrypt: 'AAAA' }) })).status).toBe(400);
    expect((await fetch(url.replace('/webhook/event', '/other'), { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(url, { method: 'GET' })).status).toBe(405);
    expect((await send(refusedEvent('om_after'))).status).toBe(200);
    await fake.waitFor(() => fake.repliesTo('om_after').length);
  });

  test('url_verification is answered with the challenge', async () => {
    const response = await send({ type: 'url_verification', challenge: 'ch-123', token: TOKEN }, { unsigned: true });
    expect(response).toEqual({ status: 200, body: { challenge: 'ch-123' } });
    expect((await send({ type: 'url_verification', challenge: 'x', token: 'bad' }, { unsigned: true })).status).toBe(403);
  });
});

describe('webhook: groups', () => {
  test('a group message without @bot is ignored; with @bot it is answered; @_all is not a command', async () => {
    await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_g', chatType: 'group', chatId: 'oc_g', text: '/status 市发改局', messageId: 'om_g1' }));
    await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_g', chatType: 'group', chatId: 'oc_g', text: '@_all /status 市发改局', messageId: 'om_g2' }));
    await send(messageEvent({
      token: TOKEN, senderOpenId: 'ou_g', chatType: 'group', chatId: 'oc_g', text: '@_user_1 ／status　经信', messageId: 'om_g3',
      mentions: [{ key: '@_user_1', open_id: 'ou_bot', name: '督办' }],
    }));
    const [reply] = await fake.waitFor(() => fake.repliesTo('om_g3').length && fake.repliesTo('om_g3'));
    expect(reply.card.header.title.content).toBe('市经信局 承诺事项');
    expect(fake.repliesTo('om_g1')).toHaveLength(0);
    expect(fake.repliesTo('om_g2')).toHaveLength(0);
  });
});

describe('webhook: changing items, card buttons and evidence files', () => {
  test('/done by someone not responsible is refused; an admin binds the leader; the leader’s /done is recorded', async () => {
    const id = await itemId(h.db, '市商务局', 7); // 李子煌
    await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_li', text: `/done ${id}`, messageId: 'om_done_1' }));
    const [refused] = await fake.waitFor(() => fake.repliesTo('om_done_1').length && fake.repliesTo('om_done_1'));
    expect(refused.card.header.template).toBe('red');
    expect(cardText(refused.card)).toContain('责任领导（李子煌）');

    await send(messageEvent({ token: TOKEN, senderOpenId: ADMIN, text: '/bind 李子煌 @_user_1', messageId: 'om_bind', mentions: [{ key: '@_user_1', open_id: 'ou_li', name: '李子煌' }] }));
    await fake.waitFor(() => fake.repliesTo('om_bind').length);

    await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_li', text: `/完成 ${id} 粮食储备中心已投入使用`, messageId: 'om_done_2' }));
    const [accepted] = await fake.waitFor(() => fake.repliesTo('om_done_2').length && fake.repliesTo('om_done_2'));
    expect(accepted.card.header.template).toBe('green');
    const log = await h.db.selectFrom('activity_log').selectAll().where('commitment_id', '=', id).where('action', '=', 'done').executeTakeFirstOrThrow();
    expect(log).toMatchObject({ actor_platform: 'feishu', actor_id: 'ou_li' });

    await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_anyone', text: `/show ${id}`, messageId: 'om_show' }));
    const [shown] = await fake.waitFor(() => fake.repliesTo('om_show').length && fake.repliesTo('om_show'));
    expect(cardText(shown.card)).toContain('标记完成：粮食储备中心已投入使用');
  });

  test('a card button does what the command does: toast and the updated card', async () => {
    const id = await itemId(h.db, '市商务局', 1); // 王国栋
    await h.db.updateTable('leaders').set({ feishu_open_id: 'ou_wang' }).where('name', '=', '王国栋').execute();
    const response = await send(cardActionEvent({ token: TOKEN, operatorOpenId: 'ou_wang', value: { action: 'done', id }, messageId: 'om_card_1' }));
    expect(response.status).toBe(200);
    expect(response.body.toast).toEqual({ type: 'success', content: '✅ 已标记完成' });
    expect(response.body.card.type).toBe('raw');
    expect(response.body.card.data.schema).toBe('2.0');
    expect((await h.db.selectFrom('commitments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('已办结');

    const denied = await send(cardActionEvent({ token: TOKEN, operatorOpenId: 'ou_nobody', value: { action: 'done', id: await itemId(h.db, '市商务局', 2) }, messageId: 'om_card_2' }));
    expect(denied.body.toast.type).toBe('error');
    expect(denied.body.card).toBeUndefined();
    const forged = await send(cardActionEvent({ token: TOKEN, operatorOpenId: 'ou_wang', value: { action: 'done', id }, messageId: 'om_card_3' }), { forgeSignature: true });
    expect(forged.status).toBe(401);
  });

  test('an image sent within 10 minutes of /佐证 is fetched through the SDK and stored with its hash', async () => {
    const id = await itemId(h.db, '市商务局', 1);
    await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_wang', text: `/佐证 ${id}`, messageId: 'om_ev_1' }));
    await fake.waitFor(() => fake.repliesTo('om_ev_1').length);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    fake.resources.set('img_v2_abc', png);
    await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_wang', image: 'img_v2_abc', messageId: 'om_ev_2' }));
    const [reply] = await fake.waitFor(() => fake.repliesTo('om_ev_2').length && fake.repliesTo('om_ev_2'));
    expect(cardText(reply.card)).toContain('已归档图片');
    const row = await h.db.selectFrom('evidence').selectAll().where('commitment_id', '=', id).where('kind', '=', 'image').executeTakeFirstOrThrow();
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.size_bytes).toBe(png.length);
    expect(fs.readFileSync(path.join(h.app.config.dataDir, row.file_path!))).toEqual(png);
    const call = fake.requests.find((r) => r.path === '/open-apis/im/v1/messages/om_ev_2/resources/img_v2_abc')!;
    expect(call.query.get('type')).toBe('image');
  });

  test('an image sent as a reply to the bot’s card about an item is filed as that item’s evidence', async () => {
    const leader = await h.db.selectFrom('commitment_leaders').innerJoin('leaders', 'leaders.id', 'commitment_leaders.leader_id')
      .select(['commitment_leaders.commitment_id as id', 'leaders.id as leaderId']).orderBy('commitment_leaders.commitment_id').executeTakeFirstOrThrow();
    await h.db.updateTable('leaders').set({ feishu_open_id: 'ou_card_replier' }).where('id', '=', leader.leaderId).execute();
    const id = leader.id;
    await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_card_replier', text: `/show ${id}`, messageId: 'om_show_for_reply' }));
    const [card] = await fake.waitFor(() => fake.repliesTo('om_show_for_reply').length && fake.repliesTo('om_show_for_reply'));
    // In a group chat, with no /佐证 window open: only the reply to the card says which item the image is for.
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445202', 'hex');
    fake.resources.set('img_v2_reply', png);
    await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_card_replier', image: 'img_v2_reply', messageId: 'om_reply_img', parentId: card.messageId, chatId: 'oc_group_reply', chatType: 'group' }));
    const [reply] = await fake.waitFor(() => fake.repliesTo('om_reply_img').length && fake.repliesTo('om_reply_img'));
    expect(cardText(reply.card)).toContain(`为 #${id} 的佐证材料`);
    const row = await h.db.selectFrom('evidence').selectAll().where('commitment_id', '=', id).where('kind', '=', 'image').executeTakeFirstOrThrow();
    expect(row.size_bytes).toBe(png.length);
  });

  test('a file over the limit is refused with a clear message and not stored', async () => {
    fake.resources.set('file_big', Buffer.alloc(10_000, 1));
    const before = (await h.db.selectFrom('evidence').select('id').execute()).length;
    await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_wang', file: { key: 'file_big', name: '验收报告.pdf' }, messageId: 'om_ev_3' }));
    const [reply] = await fake.waitFor(() => fake.repliesTo('om_ev_3').length && fake.repliesTo('om_ev_3'));
    expect(cardText(reply.card)).toContain('上限');
    expect((await h.db.selectFrom('evidence').select('id').execute()).length).toBe(before);
  });

  test('a file with no open evidence request gets a hint in p2p', async () => {
    fake.resources.set('file_x', Buffer.from('x'));
    await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_stranger', file: { key: 'file_x', name: 'a.txt' }, messageId: 'om_ev_4' }));
    const [reply] = await fake.waitFor(() => fake.repliesTo('om_ev_4').length && fake.repliesTo('om_ev_4'));
    expect(cardText(reply.card)).toContain('/佐证 编号');
  });
});

describe('sending through the SDK when Feishu pushes back', () => {
  test('429 / 99991400 is retried with the same uuid: one message, no duplicate', async () => {
    fake.failNext(/^POST .*\/om_rl\/reply$/, { status: 429, code: 99991400, msg: 'rate limited', headers: { 'x-ogw-ratelimit-reset': '0' } });
    await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_x', text: '/help', messageId: 'om_rl' }));
    await fake.waitFor(() => fake.repliesTo('om_rl').length, 5000);
    const calls = fake.requests.filter((r) => r.path === '/open-apis/im/v1/messages/om_rl/reply');
    expect(calls.length).toBe(2);
    expect(calls[0].body.uuid).toBe(calls[1].body.uuid);
    expect(fake.repliesTo('om_rl')).toHaveLength(1);
  });

  test('HTTP 200 with code ≠ 0 is a failure: the event is marked failed, the process lives on', async () => {
    fake.failNext(/^POST .*\/om_code\/reply$/, { status: 200, code: 230002, msg: 'bot not in chat' }, 2);
    const event = messageEvent({ token: TOKEN, senderOpenId: 'ou_x', text: '/help', messageId: 'om_code' });
    await send(event);
    const stored = await (async () => {
      for (let i = 0; i < 100; i++) {
        const r = await h.db.selectFrom('inbound_events').selectAll().where('event_id', '=', event.header.event_id).executeTakeFirst();
        if (r?.status === 'failed') return r;
        await new Promise((res) => setTimeout(res, 30));
      }
      return undefined;
    })();
    expect(stored?.error).toContain('230002');
    expect((await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_x', text: '/help', messageId: 'om_alive' }))).status).toBe(200);
    await fake.waitFor(() => fake.repliesTo('om_alive').length);
  });
});

test('a message carrying a NUL character is stored and answered like any other', async () => {
  await send(messageEvent({ token: TOKEN, senderOpenId: 'ou_x', text: '/status 市发改局\u0000', messageId: 'om_nul' }));
  const [reply] = await fake.waitFor(() => fake.repliesTo('om_nul').length && fake.repliesTo('om_nul'));
  expect(reply.card.header.title.content).toBe('市发改局 承诺事项');
});

test('a done button pressed twice says so, and changes nothing the second time', async () => {
  const id = await itemId(h.db, '市商务局', 5); // 王国栋 (bound above)
  const first = await send(cardActionEvent({ token: TOKEN, operatorOpenId: 'ou_wang', value: { action: 'done', id }, messageId: 'om_twice' }));
  expect(first.body.toast.type).toBe('success');
  const logged = async () => (await h.db.selectFrom('activity_log').select('id').where('commitment_id', '=', id).execute()).length;
  const before = await logged();
  const second = await send(cardActionEvent({ token: TOKEN, operatorOpenId: 'ou_wang', value: { action: 'done', id }, messageId: 'om_twice' }));
  expect(second.body.toast).toEqual({ type: 'info', content: expect.stringContaining('已经办结') });
  expect(await logged()).toBe(before);
});
