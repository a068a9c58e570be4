import { addDays, daysBetween } from '../src/clock';
import type { App } from '../src/app';
import { systemActor } from '../src/domain/actor';
import { isOpen } from '../src/domain/itemState';
import { OPEN_STATES } from '../src/domain/lifecycle';
import { isWorkday, previousWorkday, workdaysAfter } from '../src/domain/workdays';
import type { JobSettings } from '../src/config';
import { PLATFORM_LABEL } from '../src/domain/actor';
import { logActivity } from '../src/register/activityLog';
import type { CommitmentView } from '../src/register/commitments';
import { enqueueMany, NewMessage } from './outbox';
import { adminRecipients, departmentLiaisons, leaderAccount, Recipient, recipientKey, subscribedGroups } from './recipients';

export type ReminderReason = 'before' | 'overdue';

/**
 * Whether an item is reminded on `day`: on each reminder point before the
 * deadline (a point that fell on a weekend or holiday is caught up on the next
 * workday), then every N workdays once it is overdue.
 */
export function reminderReason(item: Pick<CommitmentView, 'status' | 'deadline'>, day: string, settings: JobSettings): ReminderReason | null {
  return reminderRule(day, settings)(item);
}

/**
 * The rule for one day, with the calendar work done once: a sweep over 100k
 * items asks it 100k times but meets only a few hundred distinct deadlines.
 */
export function reminderRule(day: string, settings: JobSettings) {
  const since = previousWorkday(day);
  const overdueCache = new Map<string, boolean>();
  return (item: Pick<CommitmentView, 'status' | 'deadline'>): ReminderReason | null => {
    if (!isOpen(item) || !item.deadline) return null;
    const deadline = item.deadline;
    if (deadline >= day) {
      return settings.reminderDaysBefore.some((p) => {
        const point = addDays(deadline, -p);
        return point > since && point <= day;
      }) ? 'before' : null;
    }
    let due = overdueCache.get(deadline);
    if (due === undefined) {
      const workdays = workdaysAfter(deadline, day);
      due = workdays >= 1 && (workdays - 1) % settings.overdueEveryWorkdays === 0;
      overdueCache.set(deadline, due);
    }
    return due ? 'overdue' : null;
  };
}

interface DueItem {
  id: number;
  departmentId: number | null;
  departmentName: string | null;
  deadline: string;
  reason: ReminderReason;
  leaderIds: number[];
}

/**
 * The items to remind on `day`, lean: the rule is decided per distinct
 * deadline, and only the qualifying items are read, without their text.
 */
async function dueItems(app: App, day: string, settings: JobSettings): Promise<DueItem[]> {
  const rule = reminderRule(day, settings);
  const horizon = addDays(day, Math.max(...settings.reminderDaysBefore));
  const deadlines = await app.db.selectFrom('commitments').select('deadline').distinct()
    .where('status', 'in', OPEN_STATES).where('deadline', 'is not', null).where('deadline', '<=', horizon).execute();
  const reasons = new Map(deadlines.map((d) => [d.deadline!, rule({ status: '办理中', deadline: d.deadline })]));
  const qualifying = [...reasons].filter(([, reason]) => reason).map(([deadline]) => deadline);
  if (!qualifying.length) return [];
  const rows = await app.db.selectFrom('commitments')
    .leftJoin('departments', 'departments.id', 'commitments.department_id')
    .select(['commitments.id', 'commitments.department_id', 'commitments.deadline', 'departments.name'])
    .where('commitments.status', 'in', OPEN_STATES).where('commitments.deadline', 'in', qualifying)
    // A pending extension request pauses reminders until the office decides (待审核 items are not open).
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('extension_requests').select('id')
      .whereRef('extension_requests.commitment_id', '=', 'commitments.id').where('extension_requests.status', '=', 'pending'))))
    .orderBy('commitments.id').execute();
  const leaderIds = new Map<number, number[]>();
  for (let i = 0; i < rows.length; i += 5000) {
    const links = await app.db.selectFrom('commitment_leaders').select(['commitment_id', 'leader_id'])
      .where('commitment_id', 'in', rows.slice(i, i + 5000).map((r) => r.id)).orderBy('position').execute();
    for (const link of links) (leaderIds.get(link.commitment_id) ?? leaderIds.set(link.commitment_id, []).get(link.commitment_id)!).push(link.leader_id);
  }
  return rows.map((r) => ({
    id: r.id, departmentId: r.department_id, departmentName: r.name, deadline: r.deadline!,
    reason: reasons.get(r.deadline!)!, leaderIds: leaderIds.get(r.id) ?? [],
  }));
}

export interface ReminderPlan {
  day: string;
  workday: boolean;
  queued: number;
  items: number;
  undeliverable: string[];
}

/**
 * Decides the day's reminders and queues them: one merged message per leader
 * per day; unbound leaders' items go to the department's liaisons (or the
 * admins); items long overdue are escalated to liaisons and subscribed groups.
 */
export async function planReminders(app: App, day: string): Promise<ReminderPlan> {
  const plan: ReminderPlan = { day, workday: isWorkday(day), queued: 0, items: 0, undeliverable: [] };
  if (!plan.workday) return plan;
  const settings = app.config.jobs;
  const due = await dueItems(app, day, settings);
  plan.items = due.length;

  const byLeader = new Map<number, DueItem[]>();
  const unassigned = new Map<number | null, DueItem[]>();
  const add = <K>(map: Map<K, DueItem[]>, key: K, item: DueItem) => (map.get(key) ?? map.set(key, []).get(key)!).push(item);
  for (const item of due) {
    if (!item.leaderIds.length) add(unassigned, item.departmentId, item);
    for (const leaderId of item.leaderIds) add(byLeader, leaderId, item);
  }
  const admins = await adminRecipients(app.db, app.config);
  const leaders = new Map((await app.db.selectFrom('leaders').selectAll().execute()).map((l) => [l.id, l]));
  const messages: NewMessage[] = [];
  const queue = (dedupeKey: string, to: Recipient, kind: 'user' | 'chat', type: string, payload: Record<string, unknown>) => {
    messages.push({ dedupeKey, platform: to.platform, target: { kind, id: to.id }, kind: type, payload });
  };
  const unique = (list: Recipient[]) => list.filter((r, i) => list.findIndex((o) => recipientKey(o) === recipientKey(r)) === i);

  for (const [leaderId, items] of byLeader) {
    const leader = leaders.get(leaderId)!;
    const ids = items.map((i) => i.id);
    const account = leaderAccount(leader);
    if (account) {
      queue(`reminder:${day}:leader:${leaderId}`, account, 'user', 'reminder', { leader: leader.name, commitmentIds: ids });
      continue;
    }
    const departmentIds = [...new Set(items.map((i) => i.departmentId))];
    const liaisons = unique((await Promise.all(departmentIds.map((d) => departmentLiaisons(app.db, d)))).flat());
    const via = liaisons.length ? liaisons : admins;
    if (!via.length) plan.undeliverable.push(leader.name);
    for (const user of via) {
      queue(`reminder:${day}:leader:${leaderId}:via:${recipientKey(user)}`, user, 'user', 'reminder', {
        leader: leader.name, commitmentIds: ids, note: `${leader.name} 尚未绑定${PLATFORM_LABEL[user.platform] ?? '聊天'}账号，请代为转告，并提醒其发送 /bind ${leader.name} 完成绑定。`,
      });
    }
  }

  for (const [departmentId, items] of unassigned) {
    const liaisons = await departmentLiaisons(app.db, departmentId);
    const via = liaisons.length ? liaisons : admins;
    if (!via.length) plan.undeliverable.push(`${items[0].departmentName ?? '未定部门'}（未定责任领导）`);
    for (const user of via) {
      queue(`reminder:${day}:unassigned:${departmentId ?? 'none'}:via:${recipientKey(user)}`, user, 'user', 'reminder', {
        leader: null, commitmentIds: items.map((i) => i.id), note: '以下事项尚未核定责任领导，请督查室或联络员核定后导入。',
      });
    }
  }

  const escalated = new Map<number | null, DueItem[]>();
  for (const item of due) {
    if (item.reason === 'overdue' && daysBetween(item.deadline, day) >= settings.escalateAfterDays) add(escalated, item.departmentId, item);
  }
  for (const [departmentId, items] of escalated) {
    const payload = { department: items[0].departmentName, commitmentIds: items.map((i) => i.id) };
    for (const user of await departmentLiaisons(app.db, departmentId)) {
      queue(`escalation:${day}:dept:${departmentId}:user:${recipientKey(user)}`, user, 'user', 'escalation', payload);
    }
    for (const chat of await subscribedGroups(app.db, departmentId)) {
      queue(`escalation:${day}:dept:${departmentId}:chat:${recipientKey(chat)}`, chat, 'chat', 'escalation', payload);
    }
  }

  plan.queued = await enqueueMany(app.db, messages);
  if (plan.undeliverable.length) {
    await logActivity(app.db, {
      actor: systemActor, at: app.clock.now(), action: 'reminder.undeliverable',
      summary: `无人可接收提醒：${plan.undeliverable.join('、')}（未绑定账号，且部门无联络员、系统无管理员）`,
    });
  }
  return plan;
}
