import type { Platform } from '../domain/actor';
import type { Db } from '../../db/connection';
import type { Leader } from '../../db/schema';
import { AdminSettings, SHELL_ADMIN } from '../domain/permissions';

/**
 * Who receives what, on whichever platform they are reachable: leaders where
 * they are bound (Feishu first when bound on both), liaisons and admins on the
 * platform they were named on, and groups subscribed to a department.
 */
export interface Recipient {
  platform: Platform;
  id: string;
}

export function leaderAccount(leader: Pick<Leader, 'feishu_open_id' | 'dingtalk_staff_id'>): Recipient | null {
  if (leader.feishu_open_id) return { platform: 'feishu', id: leader.feishu_open_id };
  if (leader.dingtalk_staff_id) return { platform: 'dingtalk', id: leader.dingtalk_staff_id };
  return null;
}

const CHAT_PLATFORMS: Platform[] = ['feishu', 'dingtalk'];

/** Leaders by id, with their accounts. */
export async function leadersWithIds(db: Db, ids: number[]): Promise<Leader[]> {
  return ids.length ? db.selectFrom('leaders').selectAll().where('id', 'in', ids).execute() : [];
}

export async function departmentLiaisons(db: Db, departmentId: number | null): Promise<Recipient[]> {
  if (departmentId === null) return [];
  const rows = await db.selectFrom('liaisons').select(['platform', 'user_id']).where('department_id', '=', departmentId).where('platform', 'in', CHAT_PLATFORMS).execute();
  return rows.map((r) => ({ platform: r.platform, id: r.user_id }));
}

export async function adminRecipients(db: Db, settings: AdminSettings): Promise<Recipient[]> {
  const rows = await db.selectFrom('admins').select(['platform', 'user_id']).where('platform', 'in', CHAT_PLATFORMS).execute();
  const all = [
    ...settings.adminOpenIds.map((id): Recipient => ({ platform: 'feishu', id })),
    ...settings.adminDingTalkIds.map((id): Recipient => ({ platform: 'dingtalk', id })),
    ...rows.map((r) => ({ platform: r.platform, id: r.user_id })),
  ];
  return all.filter((r, i) => all.findIndex((o) => o.platform === r.platform && o.id === r.id) === i);
}

/** Every group subscribed to digests on a chat platform, with the departments it follows (none: all). */
export async function chatSubscriptions(db: Db): Promise<{ platform: Platform; chatId: string; departmentIds: number[] }[]> {
  const rows = await db.selectFrom('group_subscriptions').select(['platform', 'chat_id', 'department_ids']).where('platform', 'in', CHAT_PLATFORMS).execute();
  return rows.map((r) => ({ platform: r.platform, chatId: r.chat_id, departmentIds: r.department_ids }));
}

export async function subscribedGroups(db: Db, departmentId: number | null): Promise<Recipient[]> {
  return (await chatSubscriptions(db))
    .filter((r) => r.departmentIds.length === 0 || (departmentId !== null && r.departmentIds.includes(departmentId)))
    .map((r) => ({ platform: r.platform, id: r.chatId }));
}

export const recipientKey = (r: Recipient) => `${r.platform}:${r.id}`;

/** The shell's office user, who receives the office's cards when no chat platform is configured. */
export const LOCAL_OFFICE: Recipient = { platform: 'shell', id: SHELL_ADMIN };

/**
 * Who receives the office's cards: the admins on the chat platforms; on a
 * machine with no chat platform configured and no admin, the shell's 督查室
 * (so `run-job deliver` prints them), never nobody without saying so.
 */
export async function officeRecipients(app: { db: Db; config: AdminSettings & { feishu?: unknown; dingtalk?: unknown } }): Promise<Recipient[]> {
  const admins = await adminRecipients(app.db, app.config);
  if (admins.length || app.config.feishu || app.config.dingtalk) return admins;
  return [LOCAL_OFFICE];
}
