import type { Platform } from '../domain/actor';
import type { Db } from '../../db/connection';
import type { Actor } from '../domain/actor';
import { logActivity } from './activityLog';

export interface LiaisonChange {
  department: { id: number; name: string };
  platform: Platform;
  userId: string;
  displayName: string;
  actor: Actor;
  now: Date;
}

/** A department's liaisons, as they are shown (display name, else account id). */
export async function liaisonsOf(db: Db, departmentId: number): Promise<{ userId: string; displayName: string | null }[]> {
  const rows = await db.selectFrom('liaisons').select(['user_id', 'display_name']).where('department_id', '=', departmentId).execute();
  return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name }));
}

/** The departments an account is a liaison of. */
export async function liaisonDepartmentsOf(db: Db, actor: { platform: Platform; id: string }): Promise<number[]> {
  const rows = await db.selectFrom('liaisons').select('department_id').where('platform', '=', actor.platform).where('user_id', '=', actor.id).execute();
  return rows.map((r) => r.department_id);
}

/** Names a liaison (again: the display name is refreshed). */
export async function addLiaison(db: Db, change: LiaisonChange): Promise<void> {
  await db.insertInto('liaisons').values({ department_id: change.department.id, platform: change.platform, user_id: change.userId, display_name: change.displayName })
    .onConflict((oc) => oc.columns(['department_id', 'platform', 'user_id']).doUpdateSet({ display_name: change.displayName })).execute();
  await logActivity(db, { actor: change.actor, at: change.now, action: 'liaison.add', summary: `指定 ${change.displayName} 为 ${change.department.name} 联络员` });
}

export async function removeLiaison(db: Db, change: LiaisonChange): Promise<void> {
  await db.deleteFrom('liaisons').where('department_id', '=', change.department.id)
    .where('platform', '=', change.platform).where('user_id', '=', change.userId).execute();
  await logActivity(db, { actor: change.actor, at: change.now, action: 'liaison.remove', summary: `移除 ${change.department.name} 联络员 ${change.displayName}` });
}
