import { DWClient, TOPIC_CARD } from 'dingtalk-stream';
import { deliverDue } from '../../jobs/deliver';
import { runDigest } from '../../jobs/digest';
import { planReminders } from '../../jobs/reminders';
import { silentLogger } from '../../src/logger';
import { answerCardCallback } from '../../src/platforms/dingtalk/cardCallback';
import { dingtalkSign } from '../../src/platforms/dingtalk/httpCallback';
import { connectCardStream, DingTalkRuntime, startDingTalk } from '../../src/platforms/dingtalk/startDingTalk';
import type { CardSection } from '../../src/rendering/dingtalkInteractiveCard';
import { DingTalkCard, FakeDingTalk } from '../../testkit/fakeDingTalk';
import { Harness, itemId, openHarness } from '../helpers/harness';
import { generousLimiter } from '../../testkit/jobs';

/** A DingTalk-only deployment (no Feishu credentials) with an interactive card template. */
const APP_SECRET = 'dt-card-secret';
let h: Harness;
let fake: FakeDingTalk;
let runtime: DingTalkRuntime;

beforeAll(async () => {
  fake = await new FakeDingTalk().start();
  h = await openHarness({ env: { ADMIN_DINGTALK_IDS: 'staff_admin' } });
  expect(h.app.config.feishu).toBeUndefined();
  runtime = await startDingTalk(h.app, {
    appKey: 'ding_app', appSecret: APP_SECRET, robotCode: 'ding_robot', eventMode: 'http', apiBase: fake.url, oapiBase: fake.url, cardTemplateId: 'tpl_duban.schema',
  }, silentLogger, { port: 0 });
  for (const leader of await h.db.selectFrom('leaders').select(['id']).execute()) {
    await h.db.updateTable('leaders').set({ dingtalk_staff_id: `staff_l${leader.id}` }).where('id', '=', leader.id).execute();
  }
  h.clock.set('2022-12-28T09:00:00+08:00');
});
afterAll(async () => {
  await runtime.stop();
  await fake.stop();
  await h.close();
});

const deliver = () => deliverDue(h.app, { platforms: { dingtalk: runtime.platform }, limiter: generousLimiter(), log: silentLogger });
const sections = (params: Record<string, string>): CardSection[] => JSON.parse(params.sections);
const buttons = (params: Record<string, string>) => sections(params).flatMap((s) => s.buttons);

async function click(userId: string, outTrackId: string, value: string, spaceType = 'IM_ROBOT', spaceId = userId) {
  const body = JSON.stringify({ outTrackId, userId, corpId: 'ding_corp', type: 'actionCallback', spaceType, spaceId, content: JSON.stringify({ cardPrivateData: { actionIds: ['click'], params: { value } } }) });
  const timestamp = String(Date.now());
  const response = await fetch(runtime.callbackUrl!, { method: 'POST', headers: { 'content-type': 'application/json', timestamp, sign: dingtalkSign(timestamp, APP_SECRET) }, body });
  return { status: response.status, body: await response.json() as { cardData?: { cardParamMap: Record<string, string> } } };
}

const doneCount = async (id: number) => (await h.db.selectFrom('activity_log').select('id').where('commitment_id', '=', id).where('action', '=', 'done').execute()).length;

describe('a leader\'s reminder as an interactive card', () => {
  let card: DingTalkCard;
  let leaderStaff: string;
  let firstItem: number;

  beforeAll(async () => {
    await planReminders(h.app, '2022-12-28');
    await deliver();
    const ying = await h.db.selectFrom('leaders').select('id').where('name', '=', '应旭军').executeTakeFirstOrThrow();
    leaderStaff = `staff_l${ying.id}`;
    card = fake.cards.find((c) => c.space === leaderStaff)!;
    firstItem = JSON.parse(buttons(card.params)[0].value).id;
  });

  test('goes out once through createAndDeliver under the outbox row\'s outTrackId, with 完成 / 佐证 / 进展 buttons', async () => {
    expect(card.templateId).toBe('tpl_duban.schema');
    expect(card.callbackType).toBe('HTTP');
    const row = await h.db.selectFrom('outbox').selectAll().where('target_id', '=', leaderStaff).executeTakeFirstOrThrow();
    expect(card.outTrackId).toBe(`duban-ob-${row.id}`);
    expect(row.message_id).toBe(`card:duban-ob-${row.id}`);
    expect(card.params.title).toMatch(/^🟡 督办提醒：4 项事项临近时限$/);
    expect(buttons(card.params).slice(0, 3).map((b) => b.label)).toEqual(['标记完成', '提交佐证', '报送进展']);
    expect(fake.cards.filter((c) => c.space === leaderStaff)).toHaveLength(1);
    expect(fake.sent.filter((s) => s.to === leaderStaff)).toHaveLength(0);
  });

  test('完成 by the leader: the same outcome as on Feishu (报送办结, awaiting review), and a redelivered callback changes nothing twice', async () => {
    const value = buttons(card.params).find((b) => b.label === '标记完成')!.value;
    const first = await click(leaderStaff, card.outTrackId, value);
    expect(first.status).toBe(200);
    expect(first.body.cardData!.cardParamMap.notice).toBe('📝 已报送办结，等待督查室审核');
    const status = async () => (await h.db.selectFrom('commitments').select('status').where('id', '=', firstItem).executeTakeFirstOrThrow()).status;
    expect(await status()).toBe('待审核');
    const again = await click(leaderStaff, card.outTrackId, value);
    expect(again.body.cardData!.cardParamMap).toEqual({ notice: '这个操作已经处理过了' });
    expect(await doneCount(firstItem)).toBe(1);
    // The office's review button (lifecycle's plain-data value) works the same way; a leader may not press it.
    const approve = JSON.stringify({ action: 'approve', id: firstItem });
    const refused = await click(leaderStaff, card.outTrackId, approve);
    expect(refused.body.cardData!.cardParamMap.notice).not.toBe('');
    expect(await status()).toBe('待审核');
    await click('staff_admin', card.outTrackId, approve);
    expect(await status()).toBe('已办结');
  });

  test('完成 by someone who may not: refused with the reason, nothing changes', async () => {
    const value = buttons(card.params).filter((b) => b.label === '标记完成')[1].value;
    const id = JSON.parse(value).id;
    const before = await h.snapshot();
    const { body } = await click('staff_stranger', card.outTrackId, value);
    expect(body.cardData!.cardParamMap.notice).toContain('抱歉，您不能修改');
    expect(body.cardData!.cardParamMap.title).toBeUndefined();
    expect(await doneCount(id)).toBe(0);
    const after = await h.snapshot();
    expect(after.commitments).toEqual(before.commitments);
  });

  test('佐证 opens the evidence window: the picture the leader sends next is filed to that item', async () => {
    const value = buttons(card.params).filter((b) => b.label === '提交佐证')[1].value;
    const id = JSON.parse(value).id;
    const { body } = await click(leaderStaff, card.outTrackId, value);
    expect(body.cardData!.cardParamMap.notice).toContain('请在10分钟内发送图片或文件');
    fake.files.set('dl_card_pic', Buffer.from('card-picture'));
    const timestamp = String(Date.now());
    const message = {
      msgId: 'msg_card_pic', msgtype: 'picture', content: { downloadCode: 'dl_card_pic' }, conversationId: 'cid_p2p_some', conversationType: '1',
      senderStaffId: leaderStaff, senderNick: '应旭军', sessionWebhook: fake.sessionWebhook('sess_pic'), sessionWebhookExpiredTime: Date.now() + 60_000, robotCode: 'ding_robot',
    };
    await fetch(runtime.callbackUrl!, { method: 'POST', headers: { 'content-type': 'application/json', timestamp, sign: dingtalkSign(timestamp, APP_SECRET) }, body: JSON.stringify(message) });
    // The answer is the item's card, with its buttons: an interactive card in the leader's robot chat.
    const answer = await fake.waitFor(() => fake.cards.find((c) => c.space === leaderStaff && c.params.sections.includes('已归档图片')));
    expect(answer.outTrackId).toBe('duban-r-dingtalk_msg_card_pic');
    const evidence = await h.db.selectFrom('evidence').selectAll().where('commitment_id', '=', id).where('kind', '=', 'image').executeTakeFirstOrThrow();
    expect(evidence.size_bytes).toBe(12);
  });

  test('进展 answers how to report progress', async () => {
    const value = buttons(card.params).find((b) => b.label === '报送进展')!.value;
    const { body } = await click(leaderStaff, card.outTrackId, value);
    expect(body.cardData!.cardParamMap.notice).toMatch(/^请发送 \/进展 \d+ 百分比 说明/);
  });

  test('a click that is not one of duban\'s buttons changes nothing', async () => {
    expect(await click(leaderStaff, card.outTrackId, '{"x":1}')).toEqual({ status: 200, body: {} });
  });
});

test('over Stream: the click is answered in the frame\'s response; the same frame again is answered with no change', async () => {
  const client = new DWClient({ clientId: 'ding_app', clientSecret: APP_SECRET });
  const responses: any[] = [];
  (client as unknown as { socket: { send(data: string): void } }).socket = { send: (data: string) => responses.push(JSON.parse(data)) };
  connectCardStream(client, (callback, deliveryId) => answerCardCallback(callback, runtime.bot, deliveryId), silentLogger);
  const id = await itemId(h.db, '市商务局', 3);
  const leader = await h.db.selectFrom('leaders').select('dingtalk_staff_id').where('name', '=', '杨永晓').executeTakeFirstOrThrow();
  const frame = {
    specVersion: '1.0', type: 'CALLBACK',
    headers: { appId: 'a', connectionId: 'c', contentType: 'application/json', messageId: 'card_frame_1', time: String(Date.now()), topic: TOPIC_CARD },
    data: JSON.stringify({ outTrackId: 'duban-x', userId: leader.dingtalk_staff_id, spaceType: 'IM_ROBOT', content: JSON.stringify({ cardPrivateData: { params: { value: JSON.stringify({ action: 'done', id }) } } }) }),
  };
  client.onDownStream(JSON.stringify(frame));
  await fake.waitFor(() => responses.length);
  const answer = JSON.parse(responses[0].data).response;
  expect(answer.cardData.cardParamMap.notice).toBe('📝 已报送办结，等待督查室审核');
  client.onDownStream(JSON.stringify(frame));
  await fake.waitFor(() => responses.length >= 2);
  expect(JSON.parse(responses[1].data).response.cardData.cardParamMap).toEqual({ notice: '这个操作已经处理过了' });
  expect(await doneCount(id)).toBe(1);
});

test('the weekly digest goes to a DingTalk group as a card that @-mentions the bound leaders of overdue items', async () => {
  await h.db.insertInto('group_subscriptions').values({ platform: 'dingtalk', chat_id: 'cid_group_digest', department_ids: '[]', created_at: new Date(), updated_at: new Date() }).execute();
  await h.db.updateTable('commitments').set({ deadline: '2022-12-20' }).where('id', '=', await itemId(h.db, '市应急管理局', 8)).execute();
  expect((await runDigest(h.app, '2022-12-28')).queued).toBe(1);
  await deliver();
  const card = fake.cards.find((c) => c.space === 'cid_group_digest')!;
  const zhu = await h.db.selectFrom('leaders').select(['dingtalk_staff_id']).where('name', '=', '朱洪双').executeTakeFirstOrThrow();
  expect(card.atUserIds).toMatchObject({ [zhu.dingtalk_staff_id!]: '朱洪双' });
  expect(card.params.title).toContain('督办周报');
  expect(sections(card.params).map((s) => s.markdown).join('\n')).toContain('@朱洪双');
});

test('an account that cannot receive interactive cards gets markdown with the commands, automatically', async () => {
  const leader = await h.db.selectFrom('leaders').select(['id', 'dingtalk_staff_id']).where('name', '=', '王国栋').executeTakeFirstOrThrow();
  fake.noCards.add(leader.dingtalk_staff_id!);
  await h.db.deleteFrom('outbox').execute();
  await planReminders(h.app, '2022-12-28');
  await deliver();
  const sent = fake.sent.filter((s) => s.to === leader.dingtalk_staff_id);
  expect(sent).toHaveLength(1);
  expect(sent[0].msgKey).toBe('sampleMarkdown');
  expect(sent[0].text).toMatch(/发送「\/done \d+」标记完成/);
  const row = await h.db.selectFrom('outbox').selectAll().where('target_id', '=', leader.dingtalk_staff_id!).executeTakeFirstOrThrow();
  expect(row.status).toBe('sent');
});

test('a card sent again under the same key (a worker died before marking it) is not delivered twice', async () => {
  const target = { userId: 'staff_twice' };
  const card = { title: '测试', tone: 'blue' as const, blocks: [{ kind: 'buttons' as const, buttons: [{ label: '标记完成', value: { action: 'done', id: 1 }, command: '/done 1' }] }] };
  const first = await runtime.platform.send(target, card, 'ob-twice');
  const second = await runtime.platform.send(target, card, 'ob-twice');
  expect(second).toBe(first);
  expect(fake.cards.filter((c) => c.space === 'staff_twice')).toHaveLength(1);
});
