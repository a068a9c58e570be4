import { deliverDue } from '../../jobs/deliver';
import { EscalationPayload, planReminders, ReminderPayload } from '../../jobs/reminders';
import { addDays, daysBetween } from '../../src/clock';
import { isWorkday, workdaysAfter } from '../../src/domain/workdays';
import { silentLogger } from '../../src/logger';
import { assignItem } from '../../src/register/assign';
import { requestExtension } from '../../src/register/extensions';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { feishuUser, Harness, itemId, OFFICE, openHarness } from '../helpers/harness';
import { bindAllLeaders, feishuAt, generousLimiter } from '../../testkit/jobs';

/**
 * 三级督办 through December 2022 on the seed register, the reminder job run
 * each day on the injected clock: who got which level on which day, at most
 * one scheduled card per recipient per day, nothing sent twice.
 */
const HEAD = 'ou_head';
const LIAISON = 'ou_liaison_zfw';
const GROUP = 'oc_zfw_group';
const ESCALATE_AFTER_DAYS = 3;
const HEAD_AFTER_WORKDAYS = 10;

let h: Harness;
let fake: FakeFeishu;
let accounts: Map<string, string>;
let politics: number;
let assigned: number;
/** An 11-30 item whose leader asks for an extension on 12-12 that the office never decides. */
let paused: number;
const deliver = () => deliverDue(h.app, { platforms: { feishu: feishuAt(fake) }, limiter: generousLimiter(), log: silentLogger });

interface Sent { day: string; kind: string; target: string; payload: ReminderPayload & EscalationPayload }
const sent: Sent[] = [];
const postedPerDay = new Map<string, string[]>();
const queuedAgain: number[] = [];
const december = Array.from({ length: 31 }, (_, i) => addDays('2022-12-01', i));
let deadlines: Map<number, { deadline: string | null; departmentId: number | null }>;

beforeAll(async () => {
  fake = await new FakeFeishu().start();
  h = await openHarness({ env: { ADMIN_OPEN_IDS: 'ou_admin', OFFICE_HEAD_IDS: HEAD, ESCALATE_AFTER_DAYS: String(ESCALATE_AFTER_DAYS), ESCALATE_HEAD_AFTER_WORKDAYS: String(HEAD_AFTER_WORKDAYS) } });
  accounts = await bindAllLeaders(h.db);
  politics = (await h.db.selectFrom('departments').select('id').where('name', '=', '市委政法委').executeTakeFirstOrThrow()).id;
  await h.db.insertInto('liaisons').values({ department_id: politics, platform: 'feishu', user_id: LIAISON, display_name: '政法委联络员' }).execute();
  await h.db.insertInto('group_subscriptions').values({ platform: 'feishu', chat_id: GROUP, department_ids: JSON.stringify([politics]), created_at: new Date(), updated_at: new Date() }).execute();
  const pausedRow = await h.db.selectFrom('commitments').innerJoin('commitment_leaders', 'commitment_leaders.commitment_id', 'commitments.id')
    .innerJoin('leaders', 'leaders.id', 'commitment_leaders.leader_id').select(['commitments.id', 'leaders.name'])
    .where('commitments.deadline', '=', '2022-11-30').orderBy('commitments.id').limit(1).executeTakeFirstOrThrow();
  paused = pausedRow.id;
  deadlines = new Map((await h.db.selectFrom('commitments').select(['id', 'deadline', 'department_id']).execute()).map((r) => [r.id, { deadline: r.deadline, departmentId: r.department_id }]));

  for (const day of december) {
    h.clock.set(`${day}T09:00:00+08:00`);
    if (day === '2022-12-01') {
      // The office assigns a 交办 item to 童安胜 on the first; nobody 签收s it until the 8th.
      const tong = (await h.db.selectFrom('leaders').select('id').where('name', '=', '童安胜').executeTakeFirstOrThrow()).id;
      const outcome = await assignItem(h.db, OFFICE, h.clock.now(), {
        departments: [{ id: politics, name: '市委政法委' }], text: '牵头梳理辖区信访积案并逐件化解', deadline: '2023-01-20', deadlineText: '1月20日',
        leaderIds: [tong], source: '领导批示',
      }, h.app.config);
      assigned = outcome.id!;
    }
    if (day === '2022-12-12') {
      const asked = await requestExtension(h.db, feishuUser(accounts.get(pausedRow.name)!, pausedRow.name), h.clock.now(),
        { id: paused, deadline: '2023-01-31', reason: '施工受天气影响', today: day }, h.app.config);
      expect(asked.ok).toBe(true);
    }
    if (day === '2022-12-08') await h.say(feishuUser(accounts.get('童安胜')!, '童安胜'), `/签收 ${assigned}`);
    await planReminders(h.app, day);
    queuedAgain.push((await planReminders(h.app, day)).queued); // the same day again: nothing new
    await deliver();
    const rows = await h.db.selectFrom('outbox').select(['id', 'kind', 'target_id', 'payload', 'dedupe_key'])
      .where((eb) => eb.or([eb('dedupe_key', 'like', `reminder:${day}:%`), eb('dedupe_key', 'like', `escalation:${day}:%`)])).execute();
    for (const row of rows) sent.push({ day, kind: row.kind, target: row.target_id, payload: row.payload as unknown as Sent['payload'] });
    // The scheduled cards as the fake Feishu received them (not the 交办 card or a command's reply).
    const uuids = new Set(rows.map((r) => `ob-${r.id}`));
    postedPerDay.set(day, fake.posted.filter((p) => p.uuid && uuids.has(p.uuid)).map((p) => p.target));
  }
}, 240_000);
afterAll(async () => {
  await fake.stop();
  await h.close();
});

const to = (target: string) => sent.filter((s) => s.target === target);
const overdueDays = (id: number, day: string) => daysBetween(deadlines.get(id)!.deadline!, day);

test('weekends and holidays send nothing; every recipient gets at most one scheduled card a day; nothing is sent twice', () => {
  for (const day of december) {
    const targets = postedPerDay.get(day)!;
    if (!isWorkday(day)) expect(targets).toEqual([]);
    expect(new Set(targets).size).toBe(targets.length);
    expect(targets.length).toBe(sent.filter((s) => s.day === day).length);
  }
  expect(queuedAgain.every((n) => n === 0)).toBe(true);
  expect([...postedPerDay.values()].flat().length).toBe(sent.length);
});

test('the 红色督办单 reaches the office heads once per item, on the first workday it has been overdue 10 workdays', () => {
  const sheets = sent.flatMap((s) => (s.payload.redSheet ?? []).map((id) => ({ id, day: s.day, target: s.target })));
  expect(sheets.length).toBeGreaterThan(0);
  expect(new Set(sheets.map((s) => s.target))).toEqual(new Set([HEAD]));
  expect(new Set(sheets.map((s) => s.id)).size).toBe(sheets.length); // once each
  for (const { id, day } of sheets) {
    const deadline = deadlines.get(id)!.deadline!;
    const first = december.find((d) => isWorkday(d) && workdaysAfter(deadline, d) >= HEAD_AFTER_WORKDAYS);
    expect(day).toBe(first);
  }
  // 市委政法委 #4 (11月15日) has been overdue more than 10 workdays on the 1st; the 11-30 items reach 10 on the 14th.
  const sheetDay = (id: number) => sheets.find((s) => s.id === id)?.day;
  return (async () => {
    expect(sheetDay(await itemId(h.db, '市委政法委', 4))).toBe('2022-12-01');
    const novemberEnd = [...deadlines].filter(([, d]) => d.deadline === '2022-11-30').map(([id]) => id);
    expect(novemberEnd.length).toBeGreaterThan(0);
    for (const id of novemberEnd.filter((i) => i !== paused)) expect(sheetDay(id)).toBe('2022-12-14');
    // The head's card is a red 督办单.
    const card = fake.posted.find((p) => p.target === `open_id:${HEAD}`)!.card;
    expect(card.header.title.content).toMatch(/^红色督办单：/);
    expect(card.header.template).toBe('red');
    // Nobody else ever gets a 督办单, and the heads get nothing but 督办单.
    for (const s of to(HEAD)) expect(s.payload.redSheet!.length).toBeGreaterThan(0);
  })();
});

test('red widens to the liaisons and the department group only from ESCALATE_AFTER_DAYS overdue; yellow reaches the liaison, blue only the leaders', async () => {
  const groupRows = to(GROUP);
  expect(groupRows.length).toBeGreaterThan(0);
  for (const row of groupRows) {
    expect(row.kind).toBe('escalation');
    for (const id of row.payload.commitmentIds) {
      expect(deadlines.get(id)!.departmentId).toBe(politics);
      expect(overdueDays(id, row.day)).toBeGreaterThanOrEqual(ESCALATE_AFTER_DAYS);
    }
  }
  for (const row of to(LIAISON)) {
    for (const id of row.payload.commitmentIds) {
      const days = overdueDays(id, row.day);
      // Yellow: due within 3 days; red: overdue past the threshold.
      expect(days >= ESCALATE_AFTER_DAYS || (days <= 0 && days >= -3)).toBe(true);
      expect(row.payload.escalated.includes(id)).toBe(days > 0);
    }
  }
  // 市委政法委 #1 (12月31日, 童安胜): blue on 12-26 (the 7-day point, caught up after the weekend) to the leader only,
  // yellow on 12-28 (3 days ahead) to the leader and the liaison.
  const first = await itemId(h.db, '市委政法委', 1);
  const tong = accounts.get('童安胜')!;
  const has = (target: string, day: string) => to(target).some((s) => s.day === day && s.payload.commitmentIds.includes(first));
  expect(has(tong, '2022-12-26')).toBe(true);
  expect(has(LIAISON, '2022-12-26')).toBe(false);
  expect(has(tong, '2022-12-28')).toBe(true);
  expect(has(LIAISON, '2022-12-28')).toBe(true);
  // #4 is red for the whole month: to its leader every other workday, and with it to the liaison and the group.
  const four = await itemId(h.db, '市委政法委', 4);
  const days = (target: string) => to(target).filter((s) => s.payload.commitmentIds.includes(four)).map((s) => s.day);
  expect(days(tong).length).toBeGreaterThan(5);
  expect(days(LIAISON)).toEqual(days(tong));
  expect(days(GROUP)).toEqual(days(tong));
});

test('a 交办 item nobody 签收s is reminded to its leader after ACK_WITHIN_WORKDAYS, every other workday, until acknowledged', () => {
  const tong = accounts.get('童安胜')!;
  const reminded = to(tong).filter((s) => (s.payload.unacknowledged ?? []).includes(assigned)).map((s) => s.day);
  // Assigned Thursday 12-01; one workday to acknowledge (12-02); reminded 12-05 and 12-07; acknowledged 12-08.
  expect(reminded).toEqual(['2022-12-05', '2022-12-07']);
  expect(to(tong).filter((s) => s.day > '2022-12-08' && s.payload.commitmentIds.includes(assigned))).toEqual([]);
  const card = fake.posted.filter((p) => p.target === `open_id:${tong}`).find((p) => JSON.stringify(p.card).includes('交办事项尚未签收'));
  expect(card).toBeDefined();
  expect(JSON.stringify(card!.card)).toContain('"action":"ack"');
});

test('a pending extension request pauses every level for that item: leaders, liaisons, groups and the 督办单', () => {
  const carrying = sent.filter((s) => s.payload.commitmentIds.includes(paused) || (s.payload.redSheet ?? []).includes(paused));
  expect(carrying.some((s) => s.day < '2022-12-12')).toBe(true); // reminded while overdue and not paused
  expect(carrying.filter((s) => s.day >= '2022-12-12')).toEqual([]);
});
