import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { deliverDue } from '../../jobs/deliver';
import { planReminders } from '../../jobs/reminders';
import { rosterCommand } from '../../src/cli/roster';
import { silentLogger } from '../../src/logger';
import { DingTalkApi } from '../../src/platforms/dingtalk/api';
import { DingTalkDirectory } from '../../src/platforms/dingtalk/dingtalkDirectory';
import { DingTalkPlatform } from '../../src/platforms/dingtalk/dingtalkPlatform';
import { createFeishuClient } from '../../src/platforms/feishu/client';
import { FeishuDirectory } from '../../src/platforms/feishu/feishuDirectory';
import { ensureLeader } from '../../src/register/leaders';
import type { RosterReport } from '../../src/register/roster';
import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { Harness, openHarness } from '../helpers/harness';
import { feishuAt, generousLimiter, postedTo } from '../../testkit/jobs';

let h: Harness;
let feishu: FakeFeishu;
let dingtalk: FakeDingTalk;
let dir: string;
const noWait = { log: silentLogger, perSecond: 10_000, sleep: async () => undefined };

beforeAll(async () => {
  feishu = await new FakeFeishu().start();
  dingtalk = await new FakeDingTalk().start();
  h = await openHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-roster-'));
});
afterAll(async () => {
  await h.close();
  await feishu.stop();
  await dingtalk.stop();
});

const directories = () => [
  new FeishuDirectory(createFeishuClient({ appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: feishu.url, eventMode: 'ws' }, new lark.DefaultCache(), silentLogger), noWait),
  new DingTalkDirectory(new DingTalkApi({ appKey: 'k', appSecret: 's', robotCode: 'r', apiBase: dingtalk.url, oapiBase: dingtalk.url }), noWait),
];

async function writeRoster(file: string, rows: (string | null)[][]): Promise<void> {
  await rosterCommand(h.app, { positional: ['template', file], options: {} }, () => undefined, []);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('花名册')!;
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(file);
}

const mobile = (i: number) => `1380000${String(i).padStart(4, '0')}`;

test('the seed register\'s leaders, liaisons and an admin: every account found is bound, the rest listed; re-import changes nothing; a reminder day reaches each once on the right platform', async () => {
  const leaders = await h.db.selectFrom('leaders').leftJoin('departments', 'departments.id', 'leaders.department_id')
    .select(['leaders.id', 'leaders.name', 'departments.name as unit']).orderBy('leaders.id').execute();
  expect(leaders).toHaveLength(25);
  // A namesake of 李浪 in another unit (no items): a row without a unit cannot tell them apart.
  await ensureLeader(h.db, '李浪', (await h.db.selectFrom('departments').select('id').where('name', '=', '市商务局').executeTakeFirstOrThrow()).id);

  const rows: (string | null)[][] = [];
  leaders.forEach((l, i) => {
    if (l.name === '朱洪双') return; // no roster row
    if (l.name === '李浪') return rows.push([l.name, null, '副局长', mobile(i), null, '领导']);
    if (i === 0) {
      feishu.directory.set(mobile(0), { openId: 'ou_roster_0' });
      return rows.push(['童 安胜', '政法委', '书记', '１３８０ ０００ ００００', null, '领导']);
    }
    if (i === 22) return rows.push([l.name, l.unit, null, '1380000', null, '领导']);
    if (i < 15) feishu.directory.set(mobile(i), { openId: `ou_roster_${i}` });
    else if (i < 20 || i === 23) dingtalk.users.set(mobile(i), `staff_roster_${i}`);
    else if (i === 20) feishu.directory.set(mobile(i), { openId: `ou_resigned_${i}`, resigned: true });
    rows.push([l.name, l.unit, null, mobile(i), null, i === 16 ? '领导、联络员' : '领导']);
  });
  feishu.directory.set(mobile(100), { openId: 'ou_liaison_fgw' });
  dingtalk.users.set(mobile(101), 'staff_liaison_sw');
  feishu.directory.set('office@yk.gov.cn', { openId: 'ou_office' });
  rows.push(['联络员甲', '市发展和改革局', '科员', mobile(100), null, '联络员']);
  rows.push(['联络员乙', '商务局', '科员', mobile(101), null, '联络员']);
  rows.push(['王科长', null, '科长', null, 'office@yk.gov.cn', '督查室']);
  rows.push(['张三', '市宇宙管理局', null, mobile(102), null, '领导']);
  const file = path.join(dir, 'roster.xlsx');
  await writeRoster(file, rows);

  const out: string[] = [];
  const report = (await rosterCommand(h.app, { positional: ['import', file], options: {} }, (t) => out.push(t), directories())) as RosterReport;
  const kinds = report.problems.map((p) => `${p.kind}:${p.name}`).sort();
  expect(kinds).toEqual([
    `未找到账号:${leaders[21].name}`,
    `未找到账号:${leaders[22].name}`,
    '单位未知:张三',
    '同名无法区分:李浪',
    `手机号格式错误:${leaders[22].name}`,
    '花名册中没有:朱洪双',
    '花名册中没有:李浪',
    `账号已离职:${leaders[20].name}`,
  ].sort());
  expect(out.join('\n')).toContain('问题清单已写入');
  // The problems sheet beside the input lists the same.
  const problems = new ExcelJS.Workbook();
  await problems.xlsx.readFile(path.join(dir, 'roster-问题.xlsx'));
  expect(problems.getWorksheet('导入问题')!.rowCount).toBe(report.problems.length + 1);
  expect(JSON.stringify(report.problems)).not.toContain(mobile(22).slice(0, 7) + '0');

  const bound = new Map((await h.db.selectFrom('leaders').selectAll().execute()).map((l) => [l.id, l]));
  leaders.forEach((l, i) => {
    const row = bound.get(l.id)!;
    if (l.name === '李浪') expect([row.feishu_open_id, row.dingtalk_staff_id]).toEqual([null, null]);
    else if (i < 15) expect([l.name, row.feishu_open_id]).toEqual([l.name, `ou_roster_${i}`]);
    else if (i < 20 || i === 23) expect([l.name, row.dingtalk_staff_id, row.feishu_open_id]).toEqual([l.name, `staff_roster_${i}`, null]);
    else expect([l.name, row.feishu_open_id, row.dingtalk_staff_id]).toEqual([l.name, null, null]);
  });
  expect(bound.get(leaders[0].id)!.feishu_open_id).toBe('ou_roster_0');
  const liaisons = await h.db.selectFrom('liaisons').innerJoin('departments', 'departments.id', 'liaisons.department_id').select(['departments.name', 'platform', 'user_id']).orderBy('user_id').execute();
  expect(liaisons).toEqual([
    { name: '市发改局', platform: 'feishu', user_id: 'ou_liaison_fgw' },
    { name: '市商务局', platform: 'dingtalk', user_id: 'staff_liaison_sw' },
    { name: '市商务局', platform: 'dingtalk', user_id: 'staff_roster_16' },
  ]);
  expect(await h.db.selectFrom('admins').select(['platform', 'user_id']).execute()).toEqual([{ platform: 'feishu', user_id: 'ou_office' }]);
  const logged = await h.db.selectFrom('activity_log').selectAll().where('action', '=', 'leader.bind').where('summary', 'like', '花名册导入%').execute();
  expect(logged).toHaveLength(20);
  expect(logged[0].before).toMatchObject({ feishu_open_id: null });

  // The same roster again: nothing changes, nothing is logged.
  const logCount = async () => Number((await h.db.selectFrom('activity_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const before = await logCount();
  const again = (await rosterCommand(h.app, { positional: ['import', file], options: {} }, () => undefined, directories())) as RosterReport;
  expect(again).toMatchObject({ accountsChanged: 0, accountsUnchanged: 20, leadersCreated: 0, liaisonsAdded: 0, adminsAdded: 0 });
  expect(await logCount()).toBe(before);

  // A reminder day: every resolved leader with items due hears once, on the platform they were found on.
  h.clock.set('2022-12-28T09:00:00+08:00');
  await planReminders(h.app, '2022-12-28');
  const dingtalkPlatform = new DingTalkPlatform(new DingTalkApi({ appKey: 'k', appSecret: 's', robotCode: 'r', apiBase: dingtalk.url }), silentLogger, async () => undefined);
  const report2 = await deliverDue(h.app, { platforms: { feishu: feishuAt(feishu), dingtalk: dingtalkPlatform }, limiter: generousLimiter(), log: silentLogger });
  expect(report2.failed).toBe(0);
  const reminders = await h.db.selectFrom('outbox').selectAll().where('kind', '=', 'reminder').execute();
  const due = new Set(reminders.map((r) => (r.payload as { leader: string | null }).leader));
  let onFeishu = 0;
  let onDingTalk = 0;
  for (const l of leaders) {
    const row = bound.get(l.id)!;
    if (!due.has(l.name) || (!row.feishu_open_id && !row.dingtalk_staff_id)) continue;
    const account = row.feishu_open_id ?? row.dingtalk_staff_id;
    const direct = reminders.filter((r) => r.target_id === account);
    expect(direct).toHaveLength(1);
    if (row.feishu_open_id) {
      expect([l.name, postedTo(feishu, row.feishu_open_id).length]).toEqual([l.name, 1]);
      onFeishu++;
    } else {
      expect([l.name, dingtalk.sent.filter((s) => s.to === row.dingtalk_staff_id).length]).toEqual([l.name, 1]);
      onDingTalk++;
    }
  }
  expect(onFeishu).toBeGreaterThan(3);
  expect(onDingTalk).toBeGreaterThan(0);
});
