import { deliverDue } from '../../jobs/deliver';
import { planReminders, reminderReason } from '../../jobs/reminders';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/logger';
import { completeAndApprove } from '../helpers/lifecycle';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { Harness, itemId, OFFICE, openHarness } from '../helpers/harness';
import { bindAllLeaders, feishuAt, generousLimiter, postedTo } from '../../testkit/jobs';

let h: Harness;
let fake: FakeFeishu;
let accounts: Map<string, string>;
const deliver = () => deliverDue(h.app, { platforms: { feishu: feishuAt(fake) }, limiter: generousLimiter(), log: silentLogger });
const cardText = (card: any) => JSON.stringify(card.body.elements);

beforeAll(async () => {
  fake = await new FakeFeishu().start();
  h = await openHarness({ env: { ADMIN_OPEN_IDS: 'ou_admin' } });
  accounts = await bindAllLeaders(h.db);
  // 俞文胜 has not bound yet; 市委政法委 has a liaison who hears for him.
  await h.db.updateTable('leaders').set({ feishu_open_id: null }).where('name', '=', '俞文胜').execute();
  const politics = (await h.db.selectFrom('departments').select('id').where('name', '=', '市委政法委').executeTakeFirstOrThrow()).id;
  await h.db.insertInto('liaisons').values({ department_id: politics, platform: 'feishu', user_id: 'ou_liaison_zfw', display_name: '政法委联络员' }).execute();
  const commerce = (await h.db.selectFrom('departments').select('id').where('name', '=', '市商务局').executeTakeFirstOrThrow()).id;
  await h.db.insertInto('liaisons').values({ department_id: commerce, platform: 'feishu', user_id: 'ou_liaison_sw', display_name: '商务局联络员' }).execute();
  await h.db.insertInto('group_subscriptions').values({ platform: 'feishu', chat_id: 'oc_sw_group', department_ids: JSON.stringify([commerce]), created_at: new Date(), updated_at: new Date() }).execute();
});
afterAll(async () => {
  await fake.stop();
  await h.close();
});

describe('which items are reminded when', () => {
  const settings = loadConfig({}).jobs;
  test.each([
    ['2022-12-31', '2022-12-24', 'before'], // 7 days before
    ['2022-12-31', '2022-12-28', 'before'], // 3 days before
    ['2022-12-31', '2022-12-30', 'before'], // 1 day before (Friday)
    ['2022-12-31', '2022-12-29', null],
    ['2022-12-31', '2023-01-03', 'overdue'], // first workday after the deadline
    ['2022-12-31', '2023-01-04', null],
    ['2022-12-31', '2023-01-05', 'overdue'], // every 2 workdays
    ['2023-01-02', '2022-12-30', 'before'], // the day-before point fell on a holiday; the day itself is a holiday too
    ['2022-11-30', '2022-12-28', null],
  ])('deadline %s on %s → %s', (deadline, day, expected) => {
    expect(reminderReason({ status: '办理中', deadline }, day, settings)).toBe(expected);
  });

  test('done items and undated items are never reminded', () => {
    expect(reminderReason({ status: '已办结', deadline: '2022-12-31' }, '2022-12-28', settings)).toBeNull();
    expect(reminderReason({ status: '办理中', deadline: null }, '2022-12-28', settings)).toBeNull();
  });
});

describe('a day of reminders', () => {
  test('2022-12-28: one merged card per leader, undetermined leaders via the admins, unbound via the liaison', async () => {
    h.clock.set('2022-12-28T09:00:00+08:00');
    const plan = await planReminders(h.app, '2022-12-28');
    expect(plan.workday).toBe(true);
    const report = await deliver();
    expect(report).toMatchObject({ sent: plan.queued, failed: 0 });

    // 应旭军 leads 市经信局 items 3, 5, 7, 8, all due 12-31: one card with four items.
    const ying = postedTo(fake, accounts.get('应旭军')!);
    expect(ying).toHaveLength(1);
    expect(ying[0].card.header.title.content).toBe('督办提醒：4 项事项临近时限');
    for (const seq of [3, 5, 7, 8]) expect(cardText(ying[0].card)).toContain(`#${await itemId(h.db, '市经信局', seq)}`);
    // 童安胜: 11-15 item overdue (31st workday after: reminded), 12-31 item 3 days ahead; the overdue one first.
    const tong = postedTo(fake, accounts.get('童安胜')!);
    expect(tong).toHaveLength(1);
    expect(tong[0].card.header.template).toBe('red');
    expect(tong[0].card.header.title.content).toBe('督办提醒：2 项事项，其中 1 项已逾期');
    const text = cardText(tong[0].card);
    expect(text.indexOf('养老诈骗')).toBeLessThan(text.indexOf('一扫三查'));
    // Leaders whose only items were due 11-30 are not reminded today.
    for (const name of ['胡亚军', '吕雄杰', '徐江']) expect(postedTo(fake, accounts.get(name)!)).toHaveLength(0);
    // 俞文胜 is not bound: the liaison hears, and is told so, in the one card the liaison gets today,
    // which also reports the 11-15 item as 43 days overdue.
    const liaison = postedTo(fake, 'ou_liaison_zfw');
    expect(liaison).toHaveLength(1);
    expect(cardText(liaison[0].card)).toContain('俞文胜 尚未绑定飞书账号');
    expect(cardText(liaison[0].card)).toMatch(/其中 1 项逾期已超过 \d+ 天/);
    // Items with undetermined leaders go to the admin: one card, grouped by department inside.
    const admin = postedTo(fake, 'ou_admin');
    expect(admin).toHaveLength(1);
    const office = cardText(admin[0].card);
    expect(office).toContain('尚未核定责任领导');
    expect(office.match(/\*\*[^*#]+\*\*（\d+ 项）/g)!.length).toBeGreaterThanOrEqual(3);
    // The office is not told to use /mine.
    expect(office).not.toContain('/mine');
    expect(office).toContain('/overdue');
    // Nobody gets two scheduled cards today.
    const targets = fake.posted.map((p) => p.target);
    expect(new Set(targets).size).toBe(targets.length);
    // Every header counts exactly the items its card lists.
    for (const post of fake.posted) {
      const count = Number(/(\d+) 项/.exec(post.card.header.title.content)![1]);
      expect(cardText(post.card).match(/\*\*#\d+\*\*/g)).toHaveLength(count);
    }
    // Every button carries the item id and action.
    expect(JSON.stringify(ying[0].card)).toContain('"behaviors":[{"type":"callback","value":{"action":"done","id"');
  });

  test('running again the same day sends nothing new', async () => {
    const before = fake.posted.length;
    expect((await planReminders(h.app, '2022-12-28')).queued).toBe(0);
    expect((await deliver()).sent).toBe(0);
    expect(fake.posted.length).toBe(before);
  });

  test('2022-12-31 is a Saturday: nothing', async () => {
    h.clock.set('2022-12-31T09:00:00+08:00');
    const plan = await planReminders(h.app, '2022-12-31');
    expect(plan).toMatchObject({ workday: false, queued: 0 });
  });

  test('an item finished after its reminder was queued is left out when it is sent', async () => {
    h.clock.set('2022-12-30T09:00:00+08:00');
    await planReminders(h.app, '2022-12-30');
    const lonely = await itemId(h.db, '市商务局', 7); // 李子煌's only item
    await completeAndApprove(h.app, OFFICE, h.clock.now(), lonely);
    await deliver();
    expect(postedTo(fake, accounts.get('李子煌')!).filter((p) => cardText(p.card).includes('12月31日（剩1天）'))).toHaveLength(0);
    const row = await h.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', `reminder:2022-12-30:to:feishu:${accounts.get('李子煌')}`).executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');
  });

  test('2023-01-03: overdue reminders, and escalation to the liaison and the subscribed group', async () => {
    h.clock.set('2023-01-03T09:00:00+08:00');
    const plan = await planReminders(h.app, '2023-01-03');
    expect(plan.items).toBeGreaterThan(40);
    await deliver();
    const wang = postedTo(fake, accounts.get('王国栋')!);
    expect(wang[wang.length - 1].card.header.title.content).toBe('督办提醒：2 项事项已逾期');
    const group = fake.posted.filter((p) => p.target === 'chat_id:oc_sw_group');
    expect(group).toHaveLength(1);
    expect(group[0].card.header.title.content).toBe('逾期通报：市商务局 6 项');
    // The group's card @-mentions the bound leaders of the overdue items, as the weekly digest does.
    expect(JSON.stringify(group[0].card)).toContain(`<at id=${accounts.get('王国栋')}></at>`);
    const liaison = postedTo(fake, 'ou_liaison_sw').filter((p) => cardText(p.card).includes('🔺 其中 6 项逾期已超过'));
    expect(liaison).toHaveLength(1);
  });

  test('a day planned ahead (run-job --day) counts down from that day, whenever it is sent', async () => {
    h.clock.set('2022-11-21T09:00:00+08:00');
    const plan = await planReminders(h.app, '2023-01-05');
    expect(plan.queued).toBeGreaterThan(0);
    await deliver();
    const wang = postedTo(fake, accounts.get('王国栋')!);
    const card = wang[wang.length - 1].card;
    expect(card.header.title.content).toBe('督办提醒：2 项事项已逾期');
    expect(cardText(card)).toContain('（逾期5天）');
  });
});
