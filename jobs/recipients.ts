import type { Db } from '../db/connection';

/**
 * Who receives what, on Feishu (DingTalk joins here later): leaders by their
 * bound open_id, liaisons of a department, admins, and groups subscribed to a
 * department's digest.
 */
export const PLATFORM = 'feishu';

export async function departmentLiaisons(db: Db, departmentId: number | null): Promise<string[]> {
  if (departmentId === null) return [];
  const rows = await db.selectFrom('liaisons').select('user_id').where('department_id', '=', departmentId).where('platform', '=', PLATFORM).execute();
  return rows.map((r) => r.user_id);
}

export async function adminIds(db: Db, configured: string[]): Promise<string[]> {
  const rows = await db.selectFrom('admins').select('user_id').where('platform', '=', PLATFORM).execute();
  return [...new Set([...configured, ...rows.map((r) => r.user_id)])];
}

export async function subscribedGroups(db: Db, departmentId: number | null): Promise<string[]> {
  const rows = await db.selectFrom('group_subscriptions').select(['chat_id', 'department_ids']).where('platform', '=', PLATFORM).execute();
  return rows.filter((r) => r.department_ids.length === 0 || (departmentId !== null && r.department_ids.includes(departmentId))).map((r) => r.chat_id);
}
