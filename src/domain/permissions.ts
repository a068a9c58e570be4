import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Actor } from './actor';

type Db = Kysely<Database>;

/** The local shell's default user: the operator at the keyboard is the office. */
export const SHELL_ADMIN = '督查室';

/** Admins named in the configuration, per platform. */
export interface AdminSettings {
  adminOpenIds: string[];
  adminDingTalkIds: string[];
}

export async function isAdmin(db: Db, settings: AdminSettings, actor: Actor): Promise<boolean> {
  if (actor.platform === 'cli' || actor.platform === 'system') return true;
  if ((actor.platform === 'shell' || actor.platform === 'console') && actor.id === SHELL_ADMIN) return true;
  if (actor.platform === 'feishu' && settings.adminOpenIds.includes(actor.id)) return true;
  if (actor.platform === 'dingtalk' && settings.adminDingTalkIds.includes(actor.id)) return true;
  const row = await db.selectFrom('admins').select('user_id').where('platform', '=', actor.platform).where('user_id', '=', actor.id).executeTakeFirst();
  return !!row;
}

/** The leader record behind a chat account (in the shell and one-time console links, people are their names). */
export async function leaderOf(db: Db, actor: Actor) {
  const column = accountColumn(actor.platform) ?? (actor.platform === 'shell' || actor.platform === 'console' ? 'name' : null);
  if (!column) return undefined;
  return db.selectFrom('leaders').selectAll().where(column, '=', actor.id).executeTakeFirst();
}

/** The leaders column holding a chat platform's account id; null where people are not bound (the shell). */
export function accountColumn(platform: string): 'feishu_open_id' | 'dingtalk_staff_id' | null {
  return platform === 'feishu' ? 'feishu_open_id' : platform === 'dingtalk' ? 'dingtalk_staff_id' : null;
}

export async function liaisonDepartments(db: Db, actor: Actor): Promise<number[]> {
  const rows = await db.selectFrom('liaisons').select('department_id').where('platform', '=', actor.platform).where('user_id', '=', actor.id).execute();
  return rows.map((r) => r.department_id);
}

export type Role = 'admin' | 'leader' | 'liaison';

/** Who may change an item: one of its leaders, a liaison of its department, or an admin. */
export async function roleOn(
  db: Db,
  settings: AdminSettings,
  actor: Actor,
  item: { departmentId: number | null; leaders: { id: number }[] },
): Promise<Role | null> {
  const leader = await leaderOf(db, actor);
  if (leader && item.leaders.some((l) => l.id === leader.id)) return 'leader';
  if (item.departmentId !== null && (await liaisonDepartments(db, actor)).includes(item.departmentId)) return 'liaison';
  if (await isAdmin(db, settings, actor)) return 'admin';
  return null;
}

/** The actor's part in the office's loop: an admin acts as the office, whatever else they are. */
export async function lifecycleRole(
  db: Db,
  settings: AdminSettings,
  actor: Actor,
  item: { departmentId: number | null; leaders: { id: number }[] },
): Promise<'office' | 'leader' | 'liaison' | null> {
  if (await isAdmin(db, settings, actor)) return 'office';
  const role = await roleOn(db, settings, actor, item);
  return role === 'admin' ? 'office' : role;
}
