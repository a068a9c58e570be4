import { deliverDue } from '../../jobs/deliver';
import { buildDigest } from '../../src/report/digest';
import { planReminders } from '../../jobs/reminders';
import { silentLogger } from '../../src/logger';
import type { FeishuRuntime } from '../../src/platforms/feishu/startFeishu';
import { toText } from '../../src/rendering/textCard';
import { registerItems } from '../../src/register/itemsRegister';
import { approveItem, returnItem } from '../../src/register/lifecycle';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { cardActionEvent, messageEvent, postEvent } from '../../testkit/feishuEvents';
import { feishuUser, Harness, itemId, openHarness } from '../helpers/harness';
import { feishuAt, generousLimiter, postedTo, startWebhookAt } from '../../testkit/jobs';

/**
 * The office's loop end to end on 2022 dates: signed events and card clicks
 * through the real SDK against the fake Feishu server, a real database.
 */
const ENCRYPT_KEY = 'test-encrypt-key-0123456789';
const TOKEN = 'v-token-abc';
const ADMIN = 'ou_admin';
const TONG = 'ou_tong'; // 童安胜, a leader of 市委政法委
const STRANGER = 'ou_stranger';

let h: Harness;
let fake: FakeFeishu;
let runtime: FeishuRuntime;
let url: string;
let politics: number;
let sequence = 0;

beforeAll(async () => {
  fake = await new FakeFeishu().start();
  h = await openHarness({ env: { ADMIN_OPEN_IDS: ADMIN } });
  runtime = await startWebhookAt(h.app, fake, { encryptKey: ENCRYPT_KEY, verificationToken: TOKEN });
  url = runtime.webhookUrl!;
  await h.db.updateTable('leaders').set({ feishu_open_id: TONG }).where('name', '=', '童安胜').execute();
  politics = (await h.db.selectFrom('departments').select('id').where('name', '=', '市委政法委').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await runtime.stop();
  await fake.stop();
  await h.close();
});

const send = (payload: unknown) => postEvent(url, payload, { encryptKey: ENCRYPT_KEY });
const deliver = () => deliverDue(h.app, { platforms: { feishu: feishuAt(fake) }, limiter: generousLimiter(), log: silentLogger });

/** A typed command from a Feishu user; resolves with the reply card as text. */
async function say(openId: string, text: string): Promise<string> {
  const messageId = `om_s_${++sequence}`;
  await send(messageEvent({ token: TOKEN, senderOpenId: openId, text, messageId }));
  const [reply] = await fake.waitFor(() => fake.repliesTo(messageId).length && fake.repliesTo(messageId), 5000);
  return JSON.stringify(reply.card);
}

async function click(openId: string, value: Record<string, unknown>) {
  return (await send(cardActionEvent({ token: TOKEN, operatorOpenId: openId, value, messageId: `om_c_${++sequence}` }))).body;
}

/** A callback button for `action` on item `id`, whatever order its value's keys were written in. */
const button = (action: string, id: number) => new RegExp(`"value":\\{("id":${id},"action":"${action}"|"action":"${action}","id":${id})\\}`);

const row = (id: number) => h.db.selectFrom('commitments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('assign → 签收 from the card → progress → done with evidence → /review → approve from the card', () => {
  let id: number;

  test('the office assigns; the leader gets a card with a 签收 button', async () => {
    h.clock.set('2022-12-01T10:00:00+08:00');
    const refused = await say(STRANGER, '/交办 市委政法委 开展反诈宣传进社区 12月20日 童安胜');
    expect(refused).toContain('只有督查室可以交办事项');
    const reply = await say(ADMIN, '/交办 市委政法委+市交通运输局 开展反诈宣传进社区 12月20日 童安胜 会议议定');
    expect(reply).toContain('已交办');
    id = (await h.db.selectFrom('commitments').select('id').where('text', '=', '开展反诈宣传进社区').executeTakeFirstOrThrow()).id;
    expect(await row(id)).toMatchObject({ status: '待签收', source: '会议议定', deadline: '2022-12-20', department_id: politics });
    await deliver();
    const [card] = postedTo(fake, TONG);
    expect(JSON.stringify(card.card)).toMatch(button('ack', id));
  });

  test('someone else cannot 签收; the leader does, from the card, once', async () => {
    const before = await h.snapshot();
    expect((await click(STRANGER, { action: 'ack', id })).toast.type).toBe('error');
    expect(await h.snapshot()).toEqual(before);
    h.clock.set('2022-12-01T10:05:00+08:00');
    const ok = await click(TONG, { action: 'ack', id });
    expect(ok.toast).toEqual({ type: 'success', content: '📥 已签收，事项进入办理中' });
    expect(ok.card).toBeDefined();
    expect((await click(TONG, { action: 'ack', id })).toast).toEqual({ type: 'info', content: `#${id} 已经签收过了` });
    expect(await row(id)).toMatchObject({ status: '办理中' });
  });

  test('progress, evidence, then done: waiting for the office', async () => {
    h.clock.set('2022-12-05T15:00:00+08:00');
    expect(await say(TONG, `/进展 ${id} 50% 已走访10个社区`)).toContain('已记录进展');
    h.clock.set('2022-12-08T16:00:00+08:00');
    await say(TONG, `/佐证 ${id} https://example.org/photos`);
    const done = await say(TONG, `/完成 ${id} 全部社区已完成宣传`);
    expect(done).toContain('已报送办结，等待督查室审核');
    expect(done).not.toContain('请提交佐证材料'); // evidence is already there
    expect(await row(id)).toMatchObject({ status: '待审核', progress_percent: 100 });
  });

  test('only the office approves; it sees the item in /review and approves from the card, once', async () => {
    const before = await h.snapshot();
    expect(await say(TONG, `/approve ${id}`)).toContain('只有督查室可以审核销号');
    expect(await say(TONG, '/review')).toContain('只有督查室可以查看审核队列');
    expect(await h.snapshot()).toEqual(before);
    h.clock.set('2022-12-09T09:30:00+08:00');
    const queue = await say(ADMIN, '/审核');
    expect(queue).toContain(`#${id}`);
    expect(queue).toMatch(button('approve', id));
    expect((await click(ADMIN, { action: 'approve', id })).toast).toEqual({ type: 'success', content: '✅ 审核通过，已办结销号' });
    const again = await click(ADMIN, { action: 'approve', id });
    expect(again.toast).toEqual({ type: 'info', content: `#${id} 已经审核销号` });
    expect(await row(id)).toMatchObject({ status: '已办结' });
  });

  test('/status and the digest count it done; items --json has every timestamp', async () => {
    const status = toText(await h.bot.runText(feishuUser(ADMIN), { platform: 'feishu', id: 'p2p', type: 'p2p' }, '/status 市委政法委'));
    expect(status).toContain('共 6 项 · 已办结 1（按时 1 · 逾期 0）');
    const digest = toText((await buildDigest(h.app, [politics], '2022-12-09'))!);
    expect(digest).toContain('1. 市委政法委：6 项 · 已办结 1 · 逾期未办结 1 · 17%');
    expect(digest).toContain(`✅ #${id} 开展反诈宣传进社区`);
    const [item] = (await registerItems(h.db, { departmentName: '市委政法委' }, '2022-12-09')).filter((i) => i.id === id);
    expect(item).toEqual({
      id, campaign: 'jiaoban-2022', department: '市委政法委', seq: 1, text: '开展反诈宣传进社区', state: '已办结',
      deadline: '2022-12-20', originalDeadline: null, leaders: ['童安胜'], coDepartments: ['市交通运输局'], source: '会议议定', progress: 100,
      acknowledgedAt: '2022-12-01T02:05:00.000Z', reportedDoneAt: '2022-12-08T08:00:00.000Z', approvedAt: '2022-12-09T01:30:00.000Z',
      late: false, pendingExtension: null,
    });
    const shown = await say(ADMIN, `/show ${id}`);
    for (const step of ['交办（会议议定）', '签收', '报送进展 50%', '报送办结，待审核', '审核通过，销号']) expect(shown).toContain(step);
  });
});

describe('return: back to 办理中, the 100% undone, the leader told, reminders resume', () => {
  let id: number; // 市委政法委 #1, 12月31日, 童安胜

  test('a reported item is paused, then returned', async () => {
    id = await itemId(h.db, '市委政法委', 1);
    h.clock.set('2022-12-20T10:00:00+08:00');
    await say(TONG, `/进展 ${id} 60%`);
    await say(TONG, `/done ${id}`);
    const reminders = async (day: string) => {
      await planReminders(h.app, day);
      const rows = await h.db.selectFrom('outbox').select('payload').where('dedupe_key', 'like', `reminder:${day}:to:%`).where('target_id', '=', TONG).execute();
      return rows.flatMap((r) => (r.payload as { commitmentIds: number[] }).commitmentIds);
    };
    expect(await reminders('2022-12-26')).not.toContain(id); // the 7-day point (12-24, a Saturday) caught up: paused under review
    h.clock.set('2022-12-27T11:00:00+08:00');
    expect(await say(TONG, `/退回 ${id} 我自己退回`)).toContain('只有督查室可以退回');
    const returned = await say(ADMIN, `/reopen ${id} 佐证材料不全，请补充入户排查记录`);
    expect(returned).toContain('已退回重办');
    expect(await row(id)).toMatchObject({ status: '办理中', progress_percent: 60, completed_at: null });
    await deliver();
    expect(postedTo(fake, TONG).some((p) => JSON.stringify(p.card).includes('佐证材料不全'))).toBe(true);
    expect(await reminders('2022-12-28')).toContain(id);
  });
});

describe('extensions', () => {
  test('granted: the deadline moves, the original is kept, reminders follow the new date', async () => {
    const id = await itemId(h.db, '市委政法委', 1);
    h.clock.set('2022-12-28T15:00:00+08:00');
    expect(await say(TONG, `/延期 ${id} 春节前 封控期间无法入户`)).toContain('不是具体日期');
    expect(await say(ADMIN, `/延期 ${id} 1月31日 理由`)).toContain('只有责任领导或部门联络员可以申请延期');
    expect(await say(TONG, `/延期 ${id} 1月31日 封控期间无法入户`)).toContain('已提交延期申请：新时限 2023-01-31');
    expect(await say(TONG, `/延期 ${id} 2月28日 再延`)).toContain('已有一份延期申请');
    expect(await say(ADMIN, `/show ${id}`)).toContain('延期申请待审批');
    const [pending] = (await registerItems(h.db, {}, '2022-12-28')).filter((i) => i.id === id);
    expect(pending.pendingExtension).toEqual({ requestedDeadline: '2023-01-31', reason: '封控期间无法入户', requestedBy: TONG });
    expect(await say(ADMIN, '/review')).toMatch(button('grant', id));
    expect(await say(TONG, `/grant ${id}`)).toContain('只有督查室可以审批延期申请');
    expect((await click(ADMIN, { action: 'grant', id })).toast.type).toBe('success');
    expect((await click(ADMIN, { action: 'grant', id })).toast.type).toBe('info');
    expect(await row(id)).toMatchObject({ deadline: '2023-01-31', original_deadline: '2022-12-31' });
    expect(await say(ADMIN, `/show ${id}`)).toContain('原定时限12月31日');
    const plan = async (day: string) => {
      await planReminders(h.app, day);
      return (await h.db.selectFrom('outbox').select('payload').where('dedupe_key', 'like', `reminder:${day}:to:%`).where('target_id', '=', TONG).execute())
        .flatMap((r) => (r.payload as { commitmentIds: number[] }).commitmentIds);
    };
    expect(await plan('2022-12-30')).not.toContain(id); // the old 1-day point
    expect(await plan('2023-01-28')).toContain(id); // 7 days before 1-31 fell in the Spring Festival: caught up on the 调休 Saturday
    const status = toText(await h.bot.runText(feishuUser(ADMIN), { platform: 'feishu', id: 'p2p', type: 'p2p' }, '/status 市委政法委'));
    expect(status).toContain('延期 1');
  });

  test('denied: nothing moves', async () => {
    const id = await itemId(h.db, '市委政法委', 2); // 俞文胜
    await h.db.updateTable('leaders').set({ feishu_open_id: 'ou_yu' }).where('name', '=', '俞文胜').execute();
    h.clock.set('2022-12-28T16:00:00+08:00');
    const before = (await row(id)).deadline;
    expect(await say('ou_yu', `/extend ${id} 2023-02-28 <at id=all></at> [点我](https://evil.example)`)).toContain('等待督查室审批');
    for (const shown of [await say(ADMIN, '/review'), await say(ADMIN, `/show ${id}`)]) {
      expect(shown).toContain('&lt;at id=all&gt;');
      expect(shown).not.toContain('<at id=all>');
      expect(shown).not.toContain('[点我](https://evil.example)');
    }
    expect(await say(ADMIN, `/deny ${id}`)).toContain('请写明不同意的原因');
    expect(await say(ADMIN, `/不同意延期 ${id} 理由不充分`)).toContain('已不同意延期，时限不变');
    expect(await row(id)).toMatchObject({ deadline: before, original_deadline: null });
    expect(await say(ADMIN, `/deny ${id} 再次`)).toContain('没有待审批的延期申请');
  });
});

describe('concurrent decisions are decided once', () => {
  test('two approvals at once: one wins; approve and return at once: one wins', async () => {
    const office = feishuUser(ADMIN);
    const at = new Date('2022-12-29T10:00:00+08:00');
    const first = await itemId(h.db, '市委政法委', 3);
    const second = await itemId(h.db, '市委政法委', 5);
    for (const id of [first, second]) await say(ADMIN, `/done ${id}`);
    const approvals = await Promise.all([1, 2].map(() => approveItem(h.db, office, at, { id: first, note: null }, h.app.config)));
    expect(approvals.filter((o) => o.ok)).toHaveLength(1);
    expect(approvals.find((o) => !o.ok)).toMatchObject({ refusal: 'already' });
    const mixed = await Promise.all([
      approveItem(h.db, office, at, { id: second, from: '待审核', note: null }, h.app.config),
      returnItem(h.db, office, at, { id: second, from: '待审核', reason: '材料不全' }, h.app.config),
    ]);
    // Both decided on the 待审核 item the queue showed: whichever ran first decided it, the other changed nothing.
    expect(mixed.filter((o) => o.ok)).toHaveLength(1);
    const logged = await h.db.selectFrom('activity_log').select('action').where('commitment_id', '=', second).where('action', 'in', ['approve', 'return']).execute();
    expect(logged).toHaveLength(1);
  });
});

describe('催办', () => {
  test('the office urges once a day; the card is marked urgent in-app through the SDK; others are refused', async () => {
    const id = await itemId(h.db, '市委政法委', 1); // 童安胜, open after the granted extension
    h.clock.set('2023-01-04T10:00:00+08:00');
    const before = await h.snapshot();
    expect(await say(TONG, `/urge ${id}`)).toContain('只有督查室可以催办');
    expect(await h.snapshot()).toEqual(before);
    expect(await say(ADMIN, `/催办 ${id} 请本周内报送进展`)).toContain('已向');
    expect(await say(ADMIN, `/urge ${id}`)).toContain('今天已经催办过了');
    await deliver();
    const urged = postedTo(fake, TONG).filter((p) => JSON.stringify(p.card).includes('督查室催办'));
    expect(urged).toHaveLength(1);
    expect(fake.urgent.filter((u) => u.userIds.includes(TONG))).toEqual([{ messageId: expect.any(String), kind: 'urgent_app', userIds: [TONG] }]);
    h.clock.set('2023-01-05T10:00:00+08:00');
    expect(await say(ADMIN, `/urge ${id}`)).toContain('已向');
  });
});

describe('a late completion: 市委政法委 #4 (11月15日) done on 11-20, approved', () => {
  test('shows 逾期办结（5天） in /show, /status, the digest and items --json', async () => {
    const id = await itemId(h.db, '市委政法委', 4);
    h.clock.set('2022-11-20T09:00:00+08:00');
    await say(TONG, `/done ${id} 排摸率97%`);
    h.clock.set('2022-11-21T09:00:00+08:00');
    expect(await say(ADMIN, `/approve ${id}`)).toContain('逾期办结（5天）');
    expect(await say(ADMIN, `/show ${id}`)).toContain('逾期办结（5天）');
    const status = toText(await h.bot.runText(feishuUser(ADMIN), { platform: 'feishu', id: 'p2p', type: 'p2p' }, '/status 市委政法委'));
    expect(status).toMatch(/逾期 1）/);
    expect(status).toContain('逾期办结（5天）');
    const digest = toText((await buildDigest(h.app, [politics], '2022-11-21'))!);
    expect(digest).toMatch(new RegExp(`#${id} 对全市可能涉及养老诈骗.*（市委政法委） · 逾期办结（5天）`));
    expect(digest).toMatch(/已办结 \d+（按时 \d+ · 逾期 1）/);
    const [item] = (await registerItems(h.db, {}, '2022-11-21')).filter((i) => i.id === id);
    expect(item).toMatchObject({ state: '已办结', late: true, deadline: '2022-11-15', reportedDoneAt: '2022-11-20T01:00:00.000Z' });
  });
});
