import type { Db } from '../../db/connection';
import type { Actor } from '../domain/actor';
import { PLATFORM_LABEL } from '../domain/actor';
import { accountColumn } from '../domain/permissions';
import { maskMobile, matchLeader, normaliseEmail, normaliseMobile, parseRoles, RosterRole, RosterRow } from '../domain/roster';
import { normaliseName } from '../ingest/names';
import type { RosterProblem } from '../ingest/rosterWorkbook';
import type { AccountDirectory, Contact, LookupResult } from '../platforms/directory';
import { logActivity } from './activityLog';
import { findDepartment } from './departments';

/**
 * Applies a roster: each row is matched to a register leader by name and unit
 * (or creates one), its chat accounts are looked up by mobile or e-mail, and
 * leaders, liaisons and admins are bound. Idempotent; every change is logged
 * with before/after. What cannot be done is returned as problems, never guessed.
 */
export interface RosterReport {
  rows: number;
  leadersMatched: number;
  leadersCreated: number;
  accountsChanged: number;
  accountsUnchanged: number;
  liaisonsAdded: number;
  /** Liaisons and admins of the same name (and unit) whose account changed: replaced in place. */
  liaisonsUpdated: number;
  adminsAdded: number;
  adminsUpdated: number;
  problems: RosterProblem[];
}

interface Planned {
  source: RosterRow;
  name: string;
  departmentId: number | null;
  departmentName: string | null;
  roles: RosterRole[];
  contact: Contact;
  leaderId: number | 'new' | null;
  accounts: Partial<Record<'feishu' | 'dingtalk', string>>;
  /** Accounts the platform reports as resigned: unbound if the leader is bound to them. */
  resigned: Partial<Record<'feishu' | 'dingtalk', string>>;
}

const problem = (row: RosterRow | null, kind: string, detail: string, name = row?.name ?? '', unit = row?.unit ?? ''): RosterProblem =>
  ({ kind, row: row?.row ?? null, name, unit, detail });

async function resolveUnits(db: Db, rows: RosterRow[]) {
  const units = new Map<string, { id: number; name: string } | { suggestion: string | null }>();
  for (const unit of new Set(rows.map((r) => r.unit).filter(Boolean))) {
    const found = await findDepartment(db, unit);
    units.set(unit, found.kind === 'found' ? { id: found.department.id, name: found.department.name } : { suggestion: found.candidates[0]?.name ?? null });
  }
  return units;
}

function describe(platform: string, result: LookupResult): string {
  const label = PLATFORM_LABEL[platform] ?? platform;
  switch (result.kind) {
    case 'found': return `${label}：已找到`;
    case 'not_found': return `${label}：未找到`;
    case 'resigned': return `${label}：账号已离职`;
    case 'ambiguous': return `${label}：对应 ${result.ids.length} 个账号，未绑定`;
    case 'failed': return `${label}：查询失败（${result.error.slice(0, 80)}）`;
  }
}

export async function importRoster(
  db: Db,
  rows: RosterRow[],
  directories: AccountDirectory[],
  options: { actor: Actor; now: Date; progress?: (done: number, total: number) => void },
): Promise<RosterReport> {
  const report: RosterReport = { rows: rows.length, leadersMatched: 0, leadersCreated: 0, accountsChanged: 0, accountsUnchanged: 0, liaisonsAdded: 0, liaisonsUpdated: 0, adminsAdded: 0, adminsUpdated: 0, problems: [] };
  const units = await resolveUnits(db, rows);
  const leaders = await db.selectFrom('leaders').select(['id', 'name', 'department_id', 'feishu_open_id', 'dingtalk_staff_id']).execute();
  const candidates = leaders.map((l) => ({ id: l.id, name: l.name, departmentId: l.department_id }));
  const departmentNames = new Map((await db.selectFrom('departments').select(['id', 'name']).execute()).map((d) => [d.id, d.name]));

  const planned: Planned[] = [];
  const claimedBy = new Map<number, RosterRow>();
  for (const row of rows) {
    if (!row.name) {
      report.problems.push(problem(row, '缺少姓名', '该行没有姓名，已跳过。'));
      continue;
    }
    const { roles, unknown } = parseRoles(row.roles);
    if (unknown.length) report.problems.push(problem(row, '角色无法识别', `“${unknown.join('、')}”不是 领导/联络员/督查室，已忽略。`));
    const unit = row.unit ? units.get(row.unit)! : null;
    if (unit && !('id' in unit)) {
      report.problems.push(problem(row, '单位未知', `没有单位“${row.unit}”${unit.suggestion ? `，是否是“${unit.suggestion}”？可用 department alias 增加别名后重新导入` : ''}。该行未处理。`));
      continue;
    }
    const mobile = row.mobile ? normaliseMobile(row.mobile) : null;
    if (row.mobile && !mobile) report.problems.push(problem(row, '手机号格式错误', `“${maskMobile(row.mobile)}”不是 11 位手机号。`));
    const email = row.email ? normaliseEmail(row.email) : null;
    if (row.email && !email) report.problems.push(problem(row, '邮箱格式错误', '邮箱格式不正确。'));
    const departmentId = unit && 'id' in unit ? unit.id : null;
    if (roles.includes('liaison') && departmentId === null) report.problems.push(problem(row, '联络员缺少单位', '联络员必须填写单位，未设为联络员。'));

    let leaderId: Planned['leaderId'] = null;
    if (roles.includes('leader')) {
      const match = matchLeader(row.name, departmentId, candidates);
      if (match.kind === 'ambiguous') {
        const where = match.leaderIds.map((id) => departmentNames.get(candidates.find((c) => c.id === id)!.departmentId ?? -1) ?? '未定单位').join('、');
        report.problems.push(problem(row, '同名无法区分', `清单中有 ${match.leaderIds.length} 位“${normaliseName(row.name)}”（${where}），请填写单位后重新导入。`));
      } else if (match.kind === 'leader' && claimedBy.has(match.leaderId)) {
        report.problems.push(problem(row, '重复行', `与第 ${claimedBy.get(match.leaderId)!.row} 行是同一位领导，本行未处理。`));
        continue;
      } else {
        leaderId = match.kind === 'leader' ? match.leaderId : 'new';
        if (match.kind === 'leader') claimedBy.set(match.leaderId, row);
      }
    }
    if (leaderId === null && !roles.some((r) => r !== 'leader')) continue;
    planned.push({ source: row, name: normaliseName(row.name), departmentId, departmentName: departmentId ? departmentNames.get(departmentId) ?? null : null, roles, contact: { mobile, email }, leaderId, accounts: {}, resigned: {} });
  }

  // Accounts, platform by platform, for the rows that can be looked up.
  const lookable = planned.filter((p) => p.contact.mobile || p.contact.email);
  const total = lookable.length * directories.length;
  const outcomes = new Map<Planned, string[]>();
  for (const [index, directory] of directories.entries()) {
    const results = await directory.lookup(lookable.map((p) => p.contact), (done) => options.progress?.(index * lookable.length + done, total));
    results.forEach((result, i) => {
      const p = lookable[i];
      if (result.kind === 'found') p.accounts[directory.platform] = result.id;
      if (result.kind === 'resigned') p.resigned[directory.platform] = result.id;
      outcomes.set(p, [...(outcomes.get(p) ?? []), describe(directory.platform, result)]);
    });
  }
  for (const p of planned) {
    if (Object.keys(p.accounts).length || !directories.length) continue;
    const detail = p.contact.mobile || p.contact.email ? (outcomes.get(p) ?? []).join('；') : '没有可用的手机号或邮箱';
    const failed = detail.includes('查询失败');
    report.problems.push(problem(p.source, failed ? '查询失败' : detail.includes('离职') ? '账号已离职' : detail.includes('个账号') ? '对应多个账号' : '未找到账号', detail));
  }

  await db.transaction().execute(async (trx) => {
    // Every account this roster names, so that replacing a changed account never takes one another row holds (namesakes in one unit).
    const named = new Set(planned.flatMap((p) => Object.entries(p.accounts).map(([platform, id]) => `${platform}:${id}`)));
    for (const p of planned) await applyRow(trx, p, leaders, report, { ...options, named });
  });

  const matched = new Set(planned.map((p) => p.leaderId).filter((id): id is number => typeof id === 'number'));
  const withItems = await db.selectFrom('leaders').innerJoin('commitment_leaders', 'commitment_leaders.leader_id', 'leaders.id')
    .leftJoin('departments', 'departments.id', 'leaders.department_id')
    .select(['leaders.id', 'leaders.name', 'departments.name as department']).distinct().orderBy('leaders.id').execute();
  for (const l of withItems.filter((l) => !matched.has(l.id))) {
    report.problems.push(problem(null, '花名册中没有', '清单中的责任领导在花名册中没有对应的行，账号未绑定（如已绑定则保持不变）。', l.name, l.department ?? ''));
  }
  return report;
}

type LeaderRow = { id: number; name: string; department_id: number | null; feishu_open_id: string | null; dingtalk_staff_id: string | null };

async function applyRow(trx: Db, p: Planned, leaders: LeaderRow[], report: RosterReport, options: { actor: Actor; now: Date; named: Set<string> }): Promise<void> {
  const who = `${p.name}（${p.departmentName ?? '未定单位'}）`;
  if (p.leaderId !== null) {
    let leader = typeof p.leaderId === 'number' ? leaders.find((l) => l.id === p.leaderId)! : undefined;
    if (!leader) {
      const { id } = await trx.insertInto('leaders').values({ name: p.name, department_id: p.departmentId }).returning('id').executeTakeFirstOrThrow();
      leader = { id, name: p.name, department_id: p.departmentId, feishu_open_id: null, dingtalk_staff_id: null };
      leaders.push(leader);
      report.leadersCreated++;
      await logActivity(trx, { actor: options.actor, at: options.now, action: 'leader.create', summary: `花名册导入：新增领导 ${who}` });
    } else {
      report.leadersMatched++;
    }
    const change: Record<string, string | number | null> = {};
    if (leader.department_id === null && p.departmentId !== null) change.department_id = p.departmentId;
    // Bound to an account whose holder has left: reminders would go nowhere (Feishu is tried first), so it is unbound.
    for (const [platform, id] of Object.entries(p.resigned) as ['feishu' | 'dingtalk', string][]) {
      const column = accountColumn(platform)!;
      if (leader[column] !== id) continue;
      change[column] = null;
      const listed = report.problems.find((q) => q.row === p.source.row && q.kind === '账号已离职');
      if (listed) listed.detail += `（${PLATFORM_LABEL[platform]}账号已解除绑定）`;
      else report.problems.push(problem(p.source, '账号已离职', `${PLATFORM_LABEL[platform]}账号已离职，已解除绑定。`));
    }
    for (const [platform, id] of Object.entries(p.accounts) as ['feishu' | 'dingtalk', string][]) {
      const column = accountColumn(platform)!;
      if (leader[column] === id) continue;
      const holder = leaders.find((l) => l[column] === id && l.id !== leader!.id);
      if (holder) {
        report.problems.push(problem(p.source, '账号冲突', `${PLATFORM_LABEL[platform]}账号已绑定给“${holder.name}”，未改动。`));
        continue;
      }
      change[column] = id;
    }
    const accountChanges = Object.keys(change).filter((k) => k !== 'department_id').length;
    const unbound = Object.values(change).filter((v) => v === null).length;
    if (Object.keys(change).length) {
      const before = { department_id: leader.department_id, feishu_open_id: leader.feishu_open_id, dingtalk_staff_id: leader.dingtalk_staff_id };
      await trx.updateTable('leaders').set(change).where('id', '=', leader.id).execute();
      Object.assign(leader, change);
      await logActivity(trx, {
        actor: options.actor, at: options.now, action: 'leader.bind', summary: `花名册导入：${who} 更新账号`,
        before, after: { department_id: leader.department_id, feishu_open_id: leader.feishu_open_id, dingtalk_staff_id: leader.dingtalk_staff_id },
      });
    }
    report.accountsChanged += accountChanges;
    report.accountsUnchanged += Object.keys(p.accounts).length - (accountChanges - unbound);
  }
  for (const [platform, id] of Object.entries(p.accounts) as ['feishu' | 'dingtalk', string][]) {
    if (p.roles.includes('liaison') && p.departmentId !== null) {
      const departmentId = p.departmentId;
      const same = (table: 'liaisons') => trx.selectFrom(table).select('user_id').where('department_id', '=', departmentId).where('platform', '=', platform);
      if (!(await same('liaisons').where('user_id', '=', id).executeTakeFirst())) {
        // The same person in the same unit under another account (a new phone, a new 浙政钉 account): replaced, not kept beside it.
        const previous = (await same('liaisons').where('display_name', '=', p.name).execute()).filter((r) => !options.named.has(`${platform}:${r.user_id}`));
        if (previous.length === 1) {
          await trx.updateTable('liaisons').set({ user_id: id }).where('department_id', '=', departmentId).where('platform', '=', platform).where('user_id', '=', previous[0].user_id).execute();
          report.liaisonsUpdated++;
          await logActivity(trx, { actor: options.actor, at: options.now, action: 'liaison.add', summary: `花名册导入：${who} 的联络员账号已更新`, before: { platform, user_id: previous[0].user_id }, after: { platform, user_id: id } });
        } else {
          await trx.insertInto('liaisons').values({ department_id: departmentId, platform, user_id: id, display_name: p.name }).execute();
          report.liaisonsAdded++;
          await logActivity(trx, { actor: options.actor, at: options.now, action: 'liaison.add', summary: `花名册导入：${who} 为联络员`, after: { platform, user_id: id } });
        }
      }
    }
    if (p.roles.includes('admin')) {
      const same = () => trx.selectFrom('admins').select('user_id').where('platform', '=', platform);
      if (!(await same().where('user_id', '=', id).executeTakeFirst())) {
        const previous = (await same().where('display_name', '=', p.name).execute()).filter((r) => !options.named.has(`${platform}:${r.user_id}`));
        if (previous.length === 1) {
          await trx.updateTable('admins').set({ user_id: id }).where('platform', '=', platform).where('user_id', '=', previous[0].user_id).execute();
          report.adminsUpdated++;
          await logActivity(trx, { actor: options.actor, at: options.now, action: 'admin.add', summary: `花名册导入：${p.name} 的督查室管理员账号已更新`, before: { platform, user_id: previous[0].user_id }, after: { platform, user_id: id } });
        } else {
          await trx.insertInto('admins').values({ platform, user_id: id, display_name: p.name }).execute();
          report.adminsAdded++;
          await logActivity(trx, { actor: options.actor, at: options.now, action: 'admin.add', summary: `花名册导入：${p.name} 为督查室管理员`, after: { platform, user_id: id } });
        }
      }
    }
  }
}
