import type { Platform } from '../domain/actor';
import type { Db } from '../../db/connection';
import type { Actor } from '../domain/actor';
import { logActivity } from './activityLog';

export interface GroupChat {
  platform: Platform;
  chatId: string;
}

/** The departments a group's weekly bulletin follows (empty: all), or undefined when it has none. */
export async function groupSubscription(db: Db, chat: GroupChat): Promise<{ departmentIds: number[] } | undefined> {
  const row = await db.selectFrom('group_subscriptions').select('department_ids')
    .where('platform', '=', chat.platform).where('chat_id', '=', chat.chatId).executeTakeFirst();
  return row && { departmentIds: row.department_ids };
}

/** Subscribes a group (or changes its scope) and returns the scope as shown: the departments' names, or 全部部门. */
export async function subscribeGroup(db: Db, chat: GroupChat, departments: { id: number; name: string }[], actor: Actor, now: Date): Promise<string> {
  const ids = JSON.stringify([...new Set(departments.map((d) => d.id))]);
  await db.insertInto('group_subscriptions')
    .values({ platform: chat.platform, chat_id: chat.chatId, department_ids: ids, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['platform', 'chat_id']).doUpdateSet({ department_ids: ids, updated_at: now }))
    .execute();
  const scope = departments.length ? [...new Set(departments.map((d) => d.name))].join('、') : '全部部门';
  await logActivity(db, { actor, at: now, action: 'subscribe', summary: `群 ${chat.chatId} 订阅周报：${scope}` });
  return scope;
}

/** Ends a group's subscription; false when it had none. */
export async function unsubscribeGroup(db: Db, chat: GroupChat, actor: Actor, now: Date): Promise<boolean> {
  const result = await db.deleteFrom('group_subscriptions').where('platform', '=', chat.platform).where('chat_id', '=', chat.chatId).executeTakeFirst();
  if (!Number(result.numDeletedRows)) return false;
  await logActivity(db, { actor, at: now, action: 'unsubscribe', summary: `群 ${chat.chatId} 取消周报` });
  return true;
}
