import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planReminders, reminderReason } from '../../jobs/reminders';
import { runOwedJobs } from '../../jobs/scheduler';
import type { App } from '../../src/app';
import { rosterCommand } from '../../src/cli/roster';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/logger';
import { dingtalkSign } from '../../src/platforms/dingtalk/httpCallback';
import type { CardSection } from '../../src/rendering/dingtalkInteractiveCard';
import { seedIfEmpty } from '../../src/register/seedRegister';
import { RunningBot, runBot } from '../../src/runBot';
import { openTestDb } from '../../testkit/db';
import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { itemId } from '../helpers/harness';

/**
 * A DingTalk-only deployment (no Feishu credentials), as `npm start` runs it:
 * the configuration from the environment, the roster imported through the
 * directory that configuration builds, then the real bot (`runBot`: the HTTP
 * callback on PORT and the scheduler) against the fake DingTalk. The same
 * scenarios as on Feishu: `/status 市发改局`, a leader's reminder whose buttons
 * work, the weekly digest in a group.
 */
const APP_SECRET = 'dt-only-secret';
let fake: FakeDingTalk;
let app: App;
let clock: ManualClock;
let running: RunningBot | undefined;
let closeDb: () => Promise<void>;
let dataDir: string;
const staffOf = new Map<string, string>();
let sequence = 0;

beforeAll(async () => {
  fake = await new FakeDingTalk().start();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-dt-only-'));
  const config = loadConfig({
    DATA_DIR: dataDir, LOG_LEVEL: 'error', DELIVER_EVERY_SECONDS: '1',
    DINGTALK_APP_KEY: 'ding_only', DINGTALK_APP_SECRET: APP_SECRET, DINGTALK_EVENT_MODE: 'http',
    DINGTALK_API_BASE: fake.url, DINGTALK_OAPI_BASE: fake.url, DINGTALK_CARD_TEMPLATE_ID: 'tpl_duban.schema',
  });
  expect(config.feishu).toBeUndefined();
  const opened = await openTestDb();
  closeDb = opened.close;
  // Sunday: nothing is owed when the bot starts (no reminders on a rest day, the week's digest waits for a workday).
  clock = new ManualClock('2022-12-25T10:00:00+08:00');
  app = { config: { ...config, port: 0 }, db: opened.db, clock };
  await seedIfEmpty(app.db, clock);
});
afterAll(async () => {
  await running?.stop(2_000);
  await closeDb();
  await fake.stop();
});

const mobile = (i: number) => `1390000${String(i).padStart(4, '0')}`;

test('onboarding: the roster binds the leaders and the office on DingTalk through the configured look-up', async () => {
  const leaders = await app.db.selectFrom('leaders').leftJoin('departments', 'departments.id', 'leaders.department_id')
    .select(['leaders.name', 'departments.name as unit']).orderBy('leaders.id').execute();
  const file = path.join(dataDir, '花名册.xlsx');
  await rosterCommand(app, { positional: ['template', file], options: {} }, () => undefined);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('花名册')!;
  leaders.forEach((l, i) => {
    // One leader has no DingTalk account: listed, not bound.
    if (i !== 1) fake.users.set(mobile(i), `staff_${i}`);
    if (i !== 1) staffOf.set(l.name, `staff_${i}`);
    sheet.addRow([l.name, l.unit, null, mobile(i), null, '领导']);
  });
  fake.users.set(mobile(99), 'staff_office');
  sheet.addRow(['王科长', null, '科长', mobile(99), null, '督查室']);
  await workbook.xlsx.writeFile(file);

  const out: string[] = [];
  await rosterCommand(app, { positional: ['import', file], options: {} }, (t) => out.push(t));
  expect(out.join('\n')).toContain('未找到账号 1');
  expect(fake.requests.filter((r) => r.path === '/topapi/v2/user/getbymobile')).toHaveLength(leaders.length + 1);
  const bound = await app.db.selectFrom('leaders').select(['name', 'dingtalk_staff_id', 'feishu_open_id']).execute();
  expect(bound.filter((l) => l.dingtalk_staff_id)).toHaveLength(leaders.length - 1);
  expect(bound.every((l) => l.feishu_open_id === null)).toBe(true);
  expect(await app.db.selectFrom('admins').select(['platform', 'user_id']).execute()).toEqual([{ platform: 'dingtalk', user_id: 'staff_office' }]);

  running = await runBot(app, silentLogger);
});

function robotMessage(text: string, from: string, group?: string) {
  sequence++;
  return {
    msgId: `msg_only_${sequence}`, msgtype: 'text', text: { content: text },
    conversationId: group ?? `cid_p2p_${from}`, conversationType: group ? '2' : '1',
    senderStaffId: from, senderNick: '测试用户', chatbotUserId: '$:LWCP_v1:$bot', isInAtList: true,
    sessionWebhook: fake.sessionWebhook(`sess_only_${sequence}`), sessionWebhookExpiredTime: Date.now() + 90 * 60_000, robotCode: 'ding_only',
  };
}

async function post(body: unknown) {
  const timestamp = String(Date.now());
  const response = await fetch(`${running!.url}/dingtalk/event`, {
    method: 'POST', headers: { 'content-type': 'application/json', timestamp, sign: dingtalkSign(timestamp, APP_SECRET) }, body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function outboxDrained(): Promise<void> {
  const until = Date.now() + 30_000;
  for (;;) {
    const queued = await app.db.selectFrom('outbox').select('id').execute();
    const unsent = await app.db.selectFrom('outbox').select('id').where('status', '!=', 'sent').execute();
    if (queued.length && !unsent.length) return;
    if (Date.now() > until) throw new Error(`the outbox did not drain: ${unsent.length} of ${queued.length} unsent`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the bot answered a message with: markdown in the session, or an interactive card in the conversation. */
async function answerTo(message: ReturnType<typeof robotMessage>): Promise<string> {
  const session = new URL(message.sessionWebhook).searchParams.get('session');
  const space = message.conversationType === '2' ? message.conversationId : message.senderStaffId;
  return fake.waitFor(() => {
    const markdown = fake.sent.find((s) => s.via === 'session' && s.to === session);
    if (markdown) return markdown.text;
    const card = fake.cards.find((c) => c.space === space && c.outTrackId.includes(message.msgId));
    return card && `${card.params.title}\n${JSON.parse(card.params.sections).map((s: CardSection) => s.markdown).join('\n')}`;
  }, 10_000);
}

test('/status 市发改局 over the HTTP callback on PORT: every item of the department', async () => {
  const message = robotMessage('/status 市发改局', staffOf.get('应旭军')!);
  expect((await post(message)).status).toBe(200);
  const answer = await answerTo(message);
  expect(answer).toContain('市发改局');
  for (let seq = 1; seq <= 13; seq++) expect(answer).toContain(`#${await itemId(app.db, '市发改局', seq)}`);
});

test('the office subscribes a group; the next workday the scheduler sends each leader due one reminder card whose buttons work, and the group its weekly digest and escalation, both @-mentioning bound leaders', async () => {
  const subscribe = robotMessage('/subscribe', 'staff_office', 'cid_group_weekly');
  await post(subscribe);
  expect(await answerTo(subscribe)).toContain('订阅');
  expect(await app.db.selectFrom('group_subscriptions').select(['platform', 'chat_id']).execute()).toEqual([{ platform: 'dingtalk', chat_id: 'cid_group_weekly' }]);

  // Monday: the scheduler's owed jobs (what its minute tick runs); its delivery worker sends.
  const day = '2022-12-26';
  clock.set(`${day}T09:30:00+08:00`);
  await runOwedJobs(app, silentLogger);
  await outboxDrained();

  const items = await app.db.selectFrom('commitments').select(['id', 'status', 'deadline']).execute();
  const links = await app.db.selectFrom('commitment_leaders').innerJoin('leaders', 'leaders.id', 'commitment_leaders.leader_id')
    .select(['commitment_id', 'leaders.name']).execute();
  const dueNames = new Set(links.filter((k) => reminderReason(items.find((it) => it.id === k.commitment_id)!, day, app.config.jobs)).map((k) => k.name));
  expect(dueNames.size).toBeGreaterThan(10);
  for (const [name, staff] of staffOf) {
    const cards = fake.cards.filter((c) => c.space === staff && c.outTrackId.startsWith('duban-ob-'));
    expect([name, cards.length]).toEqual([name, dueNames.has(name) ? 1 : 0]);
  }
  expect(fake.sent.filter((s) => s.via === 'batchSend')).toEqual([]);

  // A reminder's 完成 button, clicked by its leader: reported done, awaiting the office; the same callback again changes nothing.
  const staff = staffOf.get('应旭军')!;
  const reminder = fake.cards.find((c) => c.space === staff && c.outTrackId.startsWith('duban-ob-'))!;
  const buttons = JSON.parse(reminder.params.sections).flatMap((s: CardSection) => s.buttons);
  const done = buttons.find((b: { label: string }) => b.label === '标记完成')!;
  const id = JSON.parse(done.value).id;
  const click = (userId: string) => post({
    outTrackId: reminder.outTrackId, userId, corpId: 'ding_corp', type: 'actionCallback', spaceType: 'IM_ROBOT', spaceId: userId,
    content: JSON.stringify({ cardPrivateData: { actionIds: ['click'], params: { value: done.value } } }),
  });
  const refused = await click('staff_stranger');
  expect(refused.body.cardData.cardParamMap.notice).toContain('抱歉，您不能修改');
  const first = await click(staff);
  expect(first.body.cardData.cardParamMap.notice).toBe('📝 已报送办结，等待督查室审核');
  expect((await app.db.selectFrom('commitments').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('待审核');
  expect((await click(staff)).body.cardData.cardParamMap).toEqual({ notice: '这个操作已经处理过了' });
  expect(await app.db.selectFrom('activity_log').select('id').where('commitment_id', '=', id).where('action', '=', 'done').execute()).toHaveLength(1);

  // The weekly digest, in the group, @-mentioning the bound leaders of overdue items.
  const digest = fake.cards.find((c) => c.space === 'cid_group_weekly' && c.params.title.includes('督办周报'))!;
  expect(digest).toBeDefined();
  const mentioned = Object.keys(digest.atUserIds);
  expect(mentioned.length).toBeGreaterThan(0);
  expect(mentioned.every((s) => [...staffOf.values()].includes(s))).toBe(true);
  // The day's escalation of long-overdue items to the department's group @-mentions their bound leaders too.
  const escalation = fake.cards.find((c) => c.space === 'cid_group_weekly' && c.params.title.includes('逾期通报'))!;
  expect(escalation).toBeDefined();
  expect(Object.keys(escalation.atUserIds).length).toBeGreaterThan(0);
  expect(Object.keys(escalation.atUserIds).every((s) => [...staffOf.values()].includes(s))).toBe(true);
  // Planning the day again queues nothing new.
  expect((await planReminders(app, day)).queued).toBe(0);
});
