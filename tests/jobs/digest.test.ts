import { sql } from 'kysely';
import { runDigest } from '../../jobs/digest';
import { buildDigest } from '../../src/report/digest';
import { enqueue } from '../../jobs/outbox';
import { notice } from '../../src/rendering/card';
import { runOwedJobs } from '../../jobs/scheduler';
import { silentLogger } from '../../src/logger';
import { toDingTalkMarkdown } from '../../src/rendering/dingtalkCard';
import { toFeishuCard } from '../../src/rendering/feishuCard';
import { mentionedAccounts } from '../../src/rendering/mention';
import { toText } from '../../src/rendering/textCard';
import { completeAndApprove } from '../helpers/lifecycle';
import { ensureDepartment } from '../../src/register/departments';
import { Harness, itemId, OFFICE, openHarness } from '../helpers/harness';
import { bindAllLeaders } from '../../testkit/jobs';

let h: Harness;
let commerce: number;
let safety: number;

beforeAll(async () => {
  h = await openHarness({ env: { ADMIN_OPEN_IDS: 'ou_admin' } });
  await bindAllLeaders(h.db);
  commerce = (await h.db.selectFrom('departments').select('id').where('name', '=', '市商务局').executeTakeFirstOrThrow()).id;
  safety = (await h.db.selectFrom('departments').select('id').where('name', '=', '市应急管理局').executeTakeFirstOrThrow()).id;
  // Last week one 应急 item was finished; this week two 商务 items.
  await completeAndApprove(h.app, OFFICE, new Date('2022-12-20T10:00:00+08:00'), await itemId(h.db, '市应急管理局', 1));
  await completeAndApprove(h.app, OFFICE, new Date('2022-12-26T10:00:00+08:00'), await itemId(h.db, '市商务局', 1));
  await completeAndApprove(h.app, OFFICE, new Date('2022-12-27T16:00:00+08:00'), await itemId(h.db, '市商务局', 2));
  // One 应急 item was due 12-20 (corrected by the office) and is now overdue.
  await h.db.updateTable('commitments').set({ deadline: '2022-12-20' }).where('id', '=', await itemId(h.db, '市应急管理局', 8)).execute();
  h.clock.set('2022-12-28T09:00:00+08:00');
});
afterAll(() => h.close());

const texts = (card: any) => card.blocks.filter((b: any) => b.kind === 'markdown').map((b: any) => b.text as string);

test('the digest for a group following two departments, against a hand count', async () => {
  const card = (await buildDigest(h.app, [commerce, safety], '2022-12-28'))!;
  // 商务 7 items, 2 done → 29%; 应急 8 items, 1 done → 13% (12.5 rounded), 1 overdue. Together 15 items, 3 done → 20%.
  expect(card.title).toBe('督办周报：完成率 20%，逾期 1 项');
  const [campaign, overdue, dueSoon, completed, ranking] = texts(card);
  expect(campaign).toContain('共 15 项 · 已办结 3（按时 3 · 逾期 0） · 办理中 11 · 逾期未办结 1 · 完成率 **20%**');
  expect(ranking.split('\n').slice(1)).toEqual([
    '1. 市商务局：7 项 · 已办结 2 · 逾期未办结 0 · 29%',
    '2. 市应急管理局：8 项 · 已办结 1 · 逾期未办结 1 · 13%',
  ]);
  expect(completed.split('\n')[0]).toBe('**本周办结（2）**');
  expect(dueSoon.split('\n')[0]).toBe('**14天内到期（11）**');
  expect(overdue.split('\n')[0]).toBe('**逾期事项（1）**');
  const zhu = await h.db.selectFrom('leaders').select('feishu_open_id').where('name', '=', '朱洪双').executeTakeFirstOrThrow();
  expect(JSON.stringify(toFeishuCard(card))).toContain(`<at id=${zhu.feishu_open_id}></at>`);
  expect(toText(card)).toContain('@朱洪双');
  expect(texts(card).join()).not.toContain('市发改局');
});

test('a DingTalk group\'s digest mentions the leaders bound on DingTalk, not their Feishu accounts', async () => {
  await h.db.updateTable('leaders').set({ dingtalk_staff_id: 'staff_zhu' }).where('name', '=', '朱洪双').execute();
  const card = (await buildDigest(h.app, [commerce, safety], '2022-12-28', 'dingtalk'))!;
  expect(mentionedAccounts(card, 'dingtalk')).toEqual([{ platform: 'dingtalk', id: 'staff_zhu', name: '朱洪双' }]);
  expect(mentionedAccounts(card, 'feishu')).toEqual([]);
  const { text } = toDingTalkMarkdown(card);
  expect(text).toContain('@staff_zhu');
  expect(text).not.toMatch(/<at|ou_leader|<@/);
});

test('a user cannot forge a mention: their text is escaped before it reaches a card', async () => {
  const { card } = await h.say(OFFICE, '/status <@feishu:ou_all|全体>');
  expect(mentionedAccounts(card, 'feishu')).toEqual([]);
  expect(JSON.stringify(toFeishuCard(card))).not.toContain('<at');
});

test('its chart is a bar chart spec of the documented shape, valid JSON', async () => {
  const card = (await buildDigest(h.app, [commerce, safety], '2022-12-28'))!;
  const chart = (toFeishuCard(card).body as any).elements.find((e: any) => e.tag === 'chart');
  const spec = JSON.parse(JSON.stringify(chart));
  expect(spec).toEqual({
    tag: 'chart',
    aspect_ratio: '16:9',
    chart_spec: {
      type: 'bar',
      title: { text: '各单位完成率（%）' },
      data: { values: [{ label: '市商务局', value: 29 }, { label: '市应急管理局', value: 13 }] },
      xField: 'label',
      yField: 'value',
      axes: [{ orient: 'left', min: 0, max: 100 }],
    },
  });
});

test('empty sections are left out; a group with nothing to report gets no digest', async () => {
  const water = await ensureDepartment(h.db, '市水务局');
  expect(await buildDigest(h.app, [water], '2022-12-28')).toBeNull();
  await h.db.insertInto('group_subscriptions').values({ platform: 'feishu', chat_id: 'oc_water', department_ids: JSON.stringify([water]), created_at: new Date(), updated_at: new Date() }).execute();
  const run = await runDigest(h.app, '2022-12-28');
  expect(run).toMatchObject({ queued: 0, empty: 1 });
  const politics = (await h.db.selectFrom('departments').select('id').where('name', '=', '市委政法委').executeTakeFirstOrThrow()).id;
  const card = (await buildDigest(h.app, [politics], '2022-12-28'))!;
  expect(texts(card).some((t: string) => t.includes('本周办结'))).toBe(false);
});

test('/digest in a group shows its digest on demand', async () => {
  await h.db.insertInto('group_subscriptions').values({ platform: 'shell', chat_id: 'oc_two', department_ids: JSON.stringify([commerce, safety]), created_at: new Date(), updated_at: new Date() }).execute();
  const { card } = await h.say(OFFICE, '/周报', { chat: { platform: 'shell', id: 'oc_two', type: 'group' } });
  expect(card.title).toBe('督办周报：完成率 20%，逾期 1 项');
  expect((await h.say(OFFICE, '/digest 不存在的局')).text).toContain('找不到部门');
});

describe('scheduling: workdays, holidays, catch-up', () => {
  const runs = async (job: string) => (await h.db.selectFrom('job_runs').selectAll().where('job', '=', job).orderBy('period').execute()).map((r) => r.period);

  test('a reminder run missed while the bot was down runs once when it is back', async () => {
    h.clock.set('2022-12-28T15:40:00+08:00');
    await runOwedJobs(h.app, silentLogger);
    await runOwedJobs(h.app, silentLogger);
    expect(await runs('reminders')).toEqual(['2022-12-28']);
    const queued = await h.db.selectFrom('outbox').select('id').where('dedupe_key', 'like', 'reminder:2022-12-28:%').execute();
    expect(queued.length).toBeGreaterThan(10);
  });

  test('the Monday digest, when Monday is a holiday (2023-01-02), goes out on Tuesday', async () => {
    await h.db.insertInto('group_subscriptions').values({ platform: 'feishu', chat_id: 'oc_hol', department_ids: JSON.stringify([commerce]), created_at: new Date(), updated_at: new Date() }).execute();
    h.clock.set('2023-01-02T09:05:00+08:00');
    await runOwedJobs(h.app, silentLogger);
    expect(await runs('digest')).not.toContain('2023-W01');
    h.clock.set('2023-01-03T08:00:00+08:00');
    await runOwedJobs(h.app, silentLogger);
    await runOwedJobs(h.app, silentLogger);
    expect(await runs('digest')).toContain('2023-W01');
    const digests = await h.db.selectFrom('outbox').selectAll().where('dedupe_key', '=', 'digest:feishu:oc_hol:2023-W01').execute();
    expect(digests).toHaveLength(1);
  });

  test('the nightly upkeep runs once a day and leaves exact statistics behind', async () => {
    const statistics = async () => {
      const { rows } = await sql<{ reltuples: number; live: string }>`select reltuples, (select count(*) from outbox) as live from pg_class where oid = 'outbox'::regclass`.execute(h.db);
      return { estimated: Number(rows[0].reltuples), live: Number(rows[0].live) };
    };
    h.clock.set('2023-01-04T02:29:00+08:00');
    await runOwedJobs(h.app, silentLogger);
    expect(await runs('maintenance')).not.toContain('2023-01-04');
    await enqueue(h.db, { dedupeKey: 'upkeep-probe', platform: 'feishu', target: { kind: 'chat', id: 'oc_probe' }, kind: 'alert', payload: { card: notice('探针', '内容') } });
    expect((await statistics()).estimated).not.toBe((await statistics()).live);
    h.clock.set('2023-01-04T02:31:00+08:00');
    await runOwedJobs(h.app, silentLogger);
    await runOwedJobs(h.app, silentLogger);
    expect((await runs('maintenance')).filter((day) => day === '2023-01-04')).toHaveLength(1);
    const after = await statistics();
    expect(after.estimated).toBe(after.live);
  });
});

test('ticking the scheduler does not pile up node-cron tasks', async () => {
  const cron = (await import('node-cron')).default;
  await runOwedJobs(h.app, silentLogger);
  const before = cron.getTasks().size;
  for (let i = 0; i < 5; i++) await runOwedJobs(h.app, silentLogger);
  expect(cron.getTasks().size).toBe(before);
});
