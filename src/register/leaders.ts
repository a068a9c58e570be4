import type { Kysely } from 'kysely';
import type { Database, Leader } from '../../db/schema';
import { matchLeader } from '../domain/roster';
import { normaliseName } from '../ingest/names';
import { findDepartment } from './departments';

type Db = Kysely<Database>;

/**
 * The leader with this (normalised) name in this department, created on first
 * sight. Two leaders of the same name in different departments are two people;
 * a leader first seen without a department is placed in the first one named.
 */
export async function ensureLeader(db: Db, printedName: string, departmentId: number | null): Promise<number> {
  const name = normaliseName(printedName);
  const sameName = await db.selectFrom('leaders').select(['id', 'name', 'department_id']).where('name', '=', name).orderBy('id').execute();
  const match = matchLeader(name, departmentId, sameName.map((l) => ({ id: l.id, name: l.name, departmentId: l.department_id })));
  // An item without a department naming one of several namesakes: the first one, as before leaders had units.
  const existing = match.kind === 'leader' ? sameName.find((l) => l.id === match.leaderId)! : match.kind === 'ambiguous' ? sameName[0] : undefined;
  if (existing) {
    if (existing.department_id === null && departmentId !== null) {
      await db.updateTable('leaders').set({ department_id: departmentId }).where('id', '=', existing.id).execute();
    }
    return existing.id;
  }
  const { id } = await db
    .insertInto('leaders')
    .values({ name, department_id: departmentId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
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
