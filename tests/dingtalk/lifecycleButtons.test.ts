import { silentLogger } from '../../src/logger';
import { dingtalkSign } from '../../src/platforms/dingtalk/httpCallback';
import { DingTalkRuntime, startDingTalk } from '../../src/platforms/dingtalk/startDingTalk';
import type { CardSection } from '../../src/rendering/dingtalkInteractiveCard';
import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { Harness, itemId, openHarness } from '../helpers/harness';

/**
 * The office's buttons on DingTalk interactive cards, as rendered (the /review
 * card, an assigned item's card): each click does what the same button does on
 * Feishu (tests/lifecycle/scenario.test.ts), with the same permission refusals.
 */
const APP_SECRET = 'dt-lifecycle-secret';
let h: Harness;
let fake: FakeDingTalk;
let runtime: DingTalkRuntime;
let sequence = 0;
const staff = new Map<string, string>();
const ids: Record<'approve' | 'return' | 'grant' | 'deny' | 'assigned', number> = { approve: 0, return: 0, grant: 0, deny: 0, assigned: 0 };

const as = (name: string) => ({ platform: 'dingtalk' as const, id: staff.get(name)!, name });
const OFFICE = { platform: 'dingtalk' as const, id: 'staff_admin', name: '督查室' };

beforeAll(async () => {
  fake = await new FakeDingTalk().start();
  h = await openHarness({ env: { ADMIN_DINGTALK_IDS: 'staff_admin' } });
  runtime = await startDingTalk(h.app, {
    appKey: 'ding_app', appSecret: APP_SECRET, robotCode: 'ding_robot', eventMode: 'http', apiBase: fake.url, oapiBase: fake.url, cardTemplateId: 'tpl_duban.schema',
  }, silentLogger, { port: 0 });
  for (const leader of await h.db.selectFrom('leaders').select(['id', 'name']).execute()) {
    staff.set(leader.name, `staff_l${leader.id}`);
    await h.db.updateTable('leaders').set({ dingtalk_staff_id: `staff_l${leader.id}` }).where('id', '=', leader.id).execute();
  }
  // Assigned on 12-20 and not 签收ed since: in the office's queue with a 催办 button by 12-28.
  h.clock.set('2022-12-20T10:00:00+08:00');
  expect((await h.say(OFFICE, '/交办 市委政法委 开展反诈宣传进社区 12月31日 童安胜')).text).toContain('已交办');
  ids.assigned = (await h.db.selectFrom('commitments').select('id').where('text', '=', '开展反诈宣传进社区').executeTakeFirstOrThrow()).id;
  h.clock.set('2022-12-28T10:00:00+08:00');
  ids.approve = await itemId(h.db, '市商务局', 3); // 杨永晓
  ids.return = await itemId(h.db, '市商务局', 4);
  ids.grant = await itemId(h.db, '市委政法委', 1); // 童安胜
  ids.deny = await itemId(h.db, '市委政法委', 2); // 俞文胜
  for (const id of [ids.approve, ids.return]) {
    const [leader] = (await h.db.selectFrom('commitment_leaders').innerJoin('leaders', 'leaders.id', 'leader_id').select('leaders.name').where('commitment_id', '=', id).execute());
    expect((await h.say(as(leader.name), `/done ${id}`)).text).toContain('已报送办结');
  }
  expect((await h.say(as('童安胜'), `/延期 ${ids.grant} 1月31日 封控期间无法入户`)).text).toContain('已提交延期申请');
  expect((await h.say(as('俞文胜'), `/延期 ${ids.deny} 2月28日 人手不足`)).text).toContain('已提交延期申请');
});
afterAll(async () => {
  await runtime.stop();
  await fake.stop();
  await h.close();
});

async function post(body: unknown) {
  const timestamp = String(Date.now());
  const response = await fetch(runtime.callbackUrl!, {
    method: 'POST', headers: { 'content-type': 'application/json', timestamp, sign: dingtalkSign(timestamp, APP_SECRET) }, body: JSON.stringify(body),
  });
  return response.json().catch(() => null) as Promise<{ cardData?: { cardParamMap: Record<string, string> } } | null>;
}

/** Sends `text` to the robot in a 1:1 chat and returns the interactive card it answers with. */
async function cardFor(from: string, text: string) {
  const msgId = `msg_lc_${++sequence}`;
  await post({
    msgId, msgtype: 'text', text: { content: text }, conversationId: `cid_p2p_${from}`, conversationType: '1', senderStaffId: from, senderNick: '测试',
    sessionWebhook: fake.sessionWebhook(`sess_lc_${sequence}`), sessionWebhookExpiredTime: Date.now() + 60_000, robotCode: 'ding_robot',
  });
  return fake.waitFor(() => fake.cards.find((c) => c.outTrackId === `duban-r-dingtalk_${msgId}`), 10_000);
}

type Rendered = { label: string; value: string };
const buttonsOf = (card: { params: Record<string, string> }): Rendered[] => JSON.parse(card.params.sections).flatMap((s: CardSection) => s.buttons);
const find = (buttons: Rendered[], label: string, id: number) => buttons.find((b) => b.label === label && JSON.parse(b.value).id === id)!;

async function click(userId: string, outTrackId: string, button: Rendered): Promise<string> {
  const answer = await post({
    outTrackId, userId, corpId: 'ding_corp', type: 'actionCallback', spaceType: 'IM_ROBOT', spaceId: userId,
    content: JSON.stringify({ cardPrivateData: { actionIds: ['click'], params: { value: button.value } } }),
  });
  return answer!.cardData!.cardParamMap.notice;
}

const item = (id: number) => h.db.selectFrom('commitments').select(['status', 'deadline', 'original_deadline']).where('id', '=', id).executeTakeFirstOrThrow();

test('the /review card\'s buttons: a stranger is refused and nothing changes; the office gets what Feishu gives', async () => {
  const card = await cardFor('staff_admin', '/review');
  const buttons = buttonsOf(card);
  const approve = find(buttons, '通过销号', ids.approve);
  const ret = find(buttons, '退回', ids.return);
  const grant = find(buttons, '同意延期', ids.grant);
  const deny = find(buttons, '不同意延期', ids.deny);
  const urge = find(buttons, '催办', ids.assigned);
  for (const b of [approve, ret, grant, deny, urge]) expect(b).toBeDefined();

  const before = await h.snapshot();
  expect(await click('staff_stranger', card.outTrackId, approve)).toContain('只有督查室可以审核销号');
  expect(await click('staff_stranger', card.outTrackId, grant)).toContain('只有督查室可以审批延期申请');
  expect(await click('staff_stranger', card.outTrackId, urge)).toContain('只有督查室可以催办');
  expect(await h.snapshot()).toEqual(before);

  expect(await click('staff_admin', card.outTrackId, approve)).toBe('✅ 审核通过，已办结销号');
  expect(await item(ids.approve)).toMatchObject({ status: '已办结' });
  // Buttons that need a reason answer with the command to type, as on Feishu.
  expect(await click('staff_admin', card.outTrackId, ret)).toBe(`请发送 /return ${ids.return} 原因`);
  expect(await click('staff_admin', card.outTrackId, deny)).toBe(`请发送 /deny ${ids.deny} 原因`);
  expect(await item(ids.return)).toMatchObject({ status: '待审核' });
  await click('staff_admin', card.outTrackId, grant);
  expect(await item(ids.grant)).toMatchObject({ deadline: '2023-01-31', original_deadline: '2022-12-31' });
  expect(await click('staff_admin', card.outTrackId, urge)).toContain('已向');
  // The same callbacks delivered again change nothing.
  expect(await click('staff_admin', card.outTrackId, grant)).toBe('这个操作已经处理过了');
  expect(await h.db.selectFrom('activity_log').select('id').where('commitment_id', '=', ids.grant).where('action', '=', 'extension.grant').execute()).toHaveLength(1);
});

test('签收 on an assigned item\'s card: a stranger is refused, the leader acknowledges it once', async () => {
  const tong = staff.get('童安胜')!;
  const card = await cardFor(tong, `/show ${ids.assigned}`);
  const ack = find(buttonsOf(card), '签收', ids.assigned);
  expect(ack).toBeDefined();
  expect(await click('staff_stranger', card.outTrackId, ack)).not.toContain('已签收');
  expect(await item(ids.assigned)).toMatchObject({ status: '待签收' });
  expect(await click(tong, card.outTrackId, ack)).toBe('📥 已签收，事项进入办理中');
  expect(await item(ids.assigned)).toMatchObject({ status: '办理中' });
  expect(await click(tong, card.outTrackId, ack)).toBe('这个操作已经处理过了');
});
