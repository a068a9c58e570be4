import type { Db } from '../../db/connection';
import type { Leader } from '../../db/schema';
import type { Platform } from '../domain/actor';
import type { Account } from '../rendering/mention';
import { accountColumn } from '../domain/permissions';
import { matchLeader } from '../domain/roster';
import { normaliseName } from '../ingest/names';
import { findDepartment } from './departments';

/**
 * The leader with this (normalised) name in this department, created on first
 * sight. Two leaders of the same name in different departments are two people;
 * a leader first seen without a department is placed in the first one named.
 */
export async function ensureLeader(db: Db, printedName: string, departmentId: number | null): Promise<number> {
  return (await ensureLeaders(db, [{ name: printedName, departmentId }])).get(leaderKey(printedName, departmentId))!;
}

/** How ensureLeaders' answer is keyed: the normalised name and the department it was asked for. */
export function leaderKey(name: string, departmentId: number | null): string {
  return `${normaliseName(name)}\u0000${departmentId ?? ''}`;
}

interface KnownLeader { id: number | null; name: string; departmentId: number | null; moved: boolean }

/**
 * Many leaders at once (an import), matched in order exactly as ensureLeader
 * would one by one: leaderKey(name, department) → id. Missing leaders are
 * created with one insert; a leader first seen without a department gets one.
 */
export async function ensureLeaders(db: Db, wanted: { name: string; departmentId: number | null }[]): Promise<Map<string, number>> {
  const names = [...new Set(wanted.map((w) => normaliseName(w.name)))];
  const known = new Map<string, KnownLeader[]>(names.map((n) => [n, []]));
  for (let i = 0; i < names.length; i += 1000) {
    const rows = await db.selectFrom('leaders').select(['id', 'name', 'department_id'])
      .where('name', 'in', names.slice(i, i + 1000)).orderBy('id').execute();
    for (const l of rows) known.get(l.name)!.push({ id: l.id, name: l.name, departmentId: l.department_id, moved: false });
  }
  const chosen = new Map<string, KnownLeader>();
  for (const { name: printed, departmentId } of wanted) {
    const name = normaliseName(printed);
    const sameName = known.get(name)!;
    const match = matchLeader(name, departmentId, sameName.map((l, index) => ({ id: index, name, departmentId: l.departmentId })));
    // Without a department, one of several namesakes: the first one, as before leaders had units.
    let leader = match.kind === 'leader' ? sameName[match.leaderId] : match.kind === 'ambiguous' ? sameName[0] : undefined;
    if (!leader) {
      leader = { id: null, name, departmentId, moved: false };
      sameName.push(leader);
    } else if (leader.departmentId === null && departmentId !== null) {
      leader.departmentId = departmentId;
      leader.moved = leader.id !== null;
    }
    chosen.set(leaderKey(name, departmentId), leader);
  }
  const all = [...known.values()].flat();
  for (const l of all.filter((l) => l.moved)) {
    await db.updateTable('leaders').set({ department_id: l.departmentId }).where('id', '=', l.id!).execute();
  }
  const missing = all.filter((l) => l.id === null);
  for (let i = 0; i < missing.length; i += 1000) {
    const chunk = missing.slice(i, i + 1000);
    const created = await db.insertInto('leaders')
      .values(chunk.map((l) => ({ name: l.name, department_id: l.departmentId })))
      .returning(['id', 'name', 'department_id']).execute();
    // (name, department) is unique, so each created row finds its own.
    for (const row of created) chunk.find((l) => l.id === null && l.name === row.name && l.departmentId === row.department_id)!.id = row.id;
  }
  return new Map([...chosen].map(([key, l]) => [key, l.id!]));
}

export type LeaderWithDepartment = Leader & { department: string | null };

/** Every leader of that name, with their department's name. */
export async function findLeadersByName(db: Db, name: string): Promise<LeaderWithDepartment[]> {
  return db.selectFrom('leaders').leftJoin('departments', 'departments.id', 'leaders.department_id')
    .selectAll('leaders').select('departments.name as department')
    .where('leaders.name', '=', normaliseName(name)).orderBy('leaders.id').execute();
}

export type LeaderLookup =
  | { kind: 'found'; leader: LeaderWithDepartment }
  | { kind: 'unknown' }
  /** Namesakes in several departments: the caller must say which. */
  | { kind: 'ambiguous'; leaders: LeaderWithDepartment[] };

/**
 * The leader a user means by words like "张伟", "张 伟" or "张伟 市发改局": the
 * whole text as a name first; failing that, or when the name has namesakes,
 * the last word as their department.
 */
export async function findLeader(db: Db, words: string[]): Promise<LeaderLookup> {
  const whole = await findLeadersByName(db, words.join(''));
  if (whole.length === 1) return { kind: 'found', leader: whole[0] };
  if (words.length >= 2) {
    const namesakes = await findLeadersByName(db, words.slice(0, -1).join(''));
    const department = await findDepartment(db, words[words.length - 1]);
    if (namesakes.length && department.kind === 'found') {
      const inDepartment = namesakes.filter((l) => l.department_id === department.department.id);
      if (inDepartment.length === 1) return { kind: 'found', leader: inDepartment[0] };
      return inDepartment.length ? { kind: 'ambiguous', leaders: inDepartment } : { kind: 'unknown' };
    }
  }
  return whole.length ? { kind: 'ambiguous', leaders: whole } : { kind: 'unknown' };
}

export async function leaderById(db: Db, id: number): Promise<LeaderWithDepartment | undefined> {
  return db.selectFrom('leaders').leftJoin('departments', 'departments.id', 'leaders.department_id')
    .selectAll('leaders').select('departments.name as department').where('leaders.id', '=', id).executeTakeFirst();
}

/** The leader bound to a chat account (an @-mention), if any. */
export async function leaderByAccount(db: Db, column: 'feishu_open_id' | 'dingtalk_staff_id', userId: string): Promise<Leader | undefined> {
  return db.selectFrom('leaders').selectAll().where(column, '=', userId).executeTakeFirst();
}

/** Leader id → their account on `platform`, for the leaders given who are bound there (to @-mention them). */
export async function leaderAccountsOn(db: Db, platform: Platform, leaderIds: number[]): Promise<Map<number, Account>> {
  const column = accountColumn(platform);
  if (!column || !leaderIds.length) return new Map();
  const rows = await db.selectFrom('leaders').select(['id', 'name', column]).where('id', 'in', leaderIds).where(column, 'is not', null).execute();
  return new Map(rows.map((l) => [l.id, { platform, id: l[column]!, name: l.name }]));
}

/** Every leader bound to a chat account, with the accounts they are bound to. */
export async function boundLeaders(db: Db): Promise<{ id: number; name: string; feishuOpenId: string | null; dingtalkStaffId: string | null }[]> {
  const rows = await db.selectFrom('leaders').select(['id', 'name', 'feishu_open_id', 'dingtalk_staff_id'])
    .where((eb) => eb.or([eb('feishu_open_id', 'is not', null), eb('dingtalk_staff_id', 'is not', null)])).execute();
  return rows.map((l) => ({ id: l.id, name: l.name, feishuOpenId: l.feishu_open_id, dingtalkStaffId: l.dingtalk_staff_id }));
}
