import { addDays, daysBetween } from '../src/clock';
import type { App } from '../src/app';
import { systemActor } from '../src/domain/actor';
import { isOpen } from '../src/domain/itemState';
import { OPEN_STATES } from '../src/domain/lifecycle';
import { NO_DEPARTMENT } from '../src/domain/departmentNames';
import { isWorkday, previousWorkday, workdaysAfter } from '../src/domain/workdays';
import type { JobSettings } from '../src/config';
import { logActivity } from '../src/register/activityLog';
import type { CommitmentView } from '../src/register/commitments';
import { enqueueMany, NewMessage } from './outbox';
import { departmentLiaisons, leaderAccount, officeRecipients, Recipient, recipientKey, subscribedGroups } from './recipients';

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

/** Who a reminder card is for decides its greeting and its hints. */
export type ReminderAudience = 'leader' | 'liaison' | 'office';

/** What a reminder row carries; the card is rendered from it when it is sent, for `day`. */
export interface ReminderPayload {
  day: string;
  audience: ReminderAudience;
  /** The leader greeted, when the card is a leader's own. */
  leader: string | null;
  commitmentIds: number[];
  /** Leaders not bound to any account whose items this card relays. */
  unbound: string[];
  /** Items overdue past the escalation threshold, reported to this recipient. */
  escalated: number[];
}

export interface EscalationPayload {
  day: string;
  commitmentIds: number[];
}

const AUDIENCE_RANK: Record<ReminderAudience, number> = { leader: 0, liaison: 1, office: 2 };

/** One card per recipient per day: everything addressed to them is merged into it. */
class Mailbag {
  private readonly cards = new Map<string, { to: Recipient; payload: ReminderPayload }>();

  add(to: Recipient, audience: ReminderAudience, items: DueItem[], extra: { leader?: string; unbound?: string; escalated?: boolean } = {}): void {
    const key = recipientKey(to);
    let card = this.cards.get(key);
    if (!card) {
      card = { to, payload: { day: '', audience, leader: null, commitmentIds: [], unbound: [], escalated: [] } };
      this.cards.set(key, card);
    }
    const p = card.payload;
    if (AUDIENCE_RANK[audience] < AUDIENCE_RANK[p.audience]) p.audience = audience;
    if (extra.leader) p.leader = extra.leader;
    if (extra.unbound && !p.unbound.includes(extra.unbound)) p.unbound.push(extra.unbound);
    for (const item of items) {
      if (!p.commitmentIds.includes(item.id)) p.commitmentIds.push(item.id);
      if (extra.escalated && !p.escalated.includes(item.id)) p.escalated.push(item.id);
    }
  }

  messages(day: string): NewMessage[] {
    return [...this.cards.values()].map(({ to, payload }) => ({
      dedupeKey: `reminder:${day}:to:${recipientKey(to)}`, platform: to.platform, target: { kind: 'user' as const, id: to.id },
      kind: 'reminder', payload: { ...payload, day } satisfies ReminderPayload,
    }));
  }
}

/**
 * Decides the day's reminders and queues them: one merged card per recipient
 * per day. A bound leader gets their items; an unbound leader's items and items
 * with no determined leader go to the department's liaisons, else the office;
 * items long overdue are also reported to liaisons and, in one card per group,
 * to the groups subscribed to their department.
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
  const office = await officeRecipients(app);
  const leaders = new Map((await app.db.selectFrom('leaders').selectAll().execute()).map((l) => [l.id, l]));
  const liaisonsOf = memo((departmentId: number | null) => departmentLiaisons(app.db, departmentId));
  const bag = new Mailbag();

  /** Items no leader can receive: each department's liaisons, else the office. */
  const relay = async (items: DueItem[], extra: { unbound?: string }, undeliverable: string) => {
    const byDepartment = new Map<number | null, DueItem[]>();
    for (const item of items) add(byDepartment, item.departmentId, item);
    for (const [departmentId, group] of byDepartment) {
      const liaisons = await liaisonsOf(departmentId);
      const via = liaisons.length ? liaisons : office;
      if (!via.length && !plan.undeliverable.includes(undeliverable)) plan.undeliverable.push(undeliverable);
      for (const user of via) bag.add(user, liaisons.length ? 'liaison' : 'office', group, extra);
    }
  };

  for (const [leaderId, items] of byLeader) {
    const leader = leaders.get(leaderId)!;
    const account = leaderAccount(leader);
    if (account) bag.add(account, 'leader', items, { leader: leader.name });
    else await relay(items, { unbound: leader.name }, leader.name);
  }
  for (const items of unassigned.values()) {
    await relay(items, {}, `${items[0].departmentName ?? NO_DEPARTMENT}（未定责任领导）`);
  }

  const escalated = due.filter((item) => item.reason === 'overdue' && daysBetween(item.deadline, day) >= settings.escalateAfterDays);
  const toGroups = new Map<string, { chat: Recipient; ids: number[] }>();
  for (const item of escalated) {
    for (const user of await liaisonsOf(item.departmentId)) bag.add(user, 'liaison', [item], { escalated: true });
    for (const chat of await subscribedGroups(app.db, item.departmentId)) {
      const key = recipientKey(chat);
      (toGroups.get(key) ?? toGroups.set(key, { chat, ids: [] }).get(key)!).ids.push(item.id);
    }
  }

  const messages = bag.messages(day);
  for (const [key, { chat, ids }] of toGroups) {
    messages.push({
      dedupeKey: `escalation:${day}:chat:${key}`, platform: chat.platform, target: { kind: 'chat', id: chat.id },
      kind: 'escalation', payload: { day, commitmentIds: ids } satisfies EscalationPayload,
    });
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

function memo<K, V>(load: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const cache = new Map<K, Promise<V>>();
  return (key) => cache.get(key) ?? cache.set(key, load(key)).get(key)!;
}
