import type { Kysely } from 'kysely';
import type { Database, Leader } from '../../db/schema';
import { normaliseName } from '../ingest/names';

type Db = Kysely<Database>;

/** The leader with this (normalised) name, created on first sight. */
export async function ensureLeader(db: Db, printedName: string, departmentId: number | null): Promise<number> {
  const name = normaliseName(printedName);
  const existing = await db.selectFrom('leaders').select(['id', 'department_id']).where('name', '=', name).executeTakeFirst();
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

export async function findLeaderByName(db: Db, name: string): Promise<Leader | undefined> {
  return db.selectFrom('leaders').selectAll().where('name', '=', normaliseName(name)).executeTakeFirst();
}

/** The leader bound to a chat account (an @-mention), if any. */
export async function leaderByAccount(db: Db, column: 'feishu_open_id' | 'dingtalk_staff_id', userId: string): Promise<Leader | undefined> {
  return db.selectFrom('leaders').selectAll().where(column, '=', userId).executeTakeFirst();
}
