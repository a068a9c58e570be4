import type { Actor } from './actor';

/** The local shell's default user: the operator at the keyboard is the office. */
export const SHELL_ADMIN = '督查室';

/** Admins named in the configuration, per platform. */
export interface AdminSettings {
  adminOpenIds: string[];
  adminDingTalkIds: string[];
}

/** Whether the actor is the office without asking the register: the CLI, the shell's 督查室, configured admins. */
export function configuredAdmin(settings: AdminSettings, actor: Actor): boolean {
  if (actor.platform === 'cli' || actor.platform === 'system') return true;
  if ((actor.platform === 'shell' || actor.platform === 'console') && actor.id === SHELL_ADMIN) return true;
  if (actor.platform === 'feishu' && settings.adminOpenIds.includes(actor.id)) return true;
  if (actor.platform === 'dingtalk' && settings.adminDingTalkIds.includes(actor.id)) return true;
  return false;
}

/** The leaders column holding a chat platform's account id; null where people are not bound (the shell). */
export function accountColumn(platform: string): 'feishu_open_id' | 'dingtalk_staff_id' | null {
  return platform === 'feishu' ? 'feishu_open_id' : platform === 'dingtalk' ? 'dingtalk_staff_id' : null;
}

/** The leaders column that identifies the actor (in the shell and one-time console links, people are their names). */
export function leaderColumn(actor: Actor): 'feishu_open_id' | 'dingtalk_staff_id' | 'name' | null {
  return accountColumn(actor.platform) ?? (actor.platform === 'shell' || actor.platform === 'console' ? 'name' : null);
}

/** What the register knows of an actor: office or not, the leader they are, the departments they are liaison of. */
export interface Standing {
  admin: boolean;
  leaderId: number | null;
  liaisonDepartmentIds: number[];
}

export type Role = 'admin' | 'leader' | 'liaison';

interface ItemPeople {
  departmentId: number | null;
  leaders: { id: number }[];
}

/** Who may change an item: one of its leaders, a liaison of its department, or an admin. */
export function roleFrom(standing: Standing, item: ItemPeople): Role | null {
  if (standing.leaderId !== null && item.leaders.some((l) => l.id === standing.leaderId)) return 'leader';
  if (item.departmentId !== null && standing.liaisonDepartmentIds.includes(item.departmentId)) return 'liaison';
  if (standing.admin) return 'admin';
  return null;
}

/** The actor's part in the office's loop: an admin acts as the office, whatever else they are. */
export function lifecycleRoleFrom(standing: Standing, item: ItemPeople): 'office' | 'leader' | 'liaison' | null {
  if (standing.admin) return 'office';
  const role = roleFrom(standing, item);
  return role === 'admin' ? 'office' : role;
}
