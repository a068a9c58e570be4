import { addDays, daysBetween, shanghaiDay } from '../src/clock';
import type { App } from '../src/app';
import { systemActor } from '../src/domain/actor';
import { audiences, EscalationSettings } from '../src/domain/escalation';
import { isOpen, itemSignal } from '../src/domain/itemState';
import { NO_DEPARTMENT } from '../src/domain/departmentNames';
import { isWorkday, previousWorkday, workdaysAfter } from '../src/domain/workdays';
import type { JobSettings } from '../src/config';
import { ActivityAction, logActivities, logActivity } from '../src/register/activityLog';
import type { CommitmentView } from '../src/register/commitments';
import { allLeaders, awaitingAcknowledgement, openDeadlines, RemindableItem, remindableItems } from '../src/register/reminderQueries';
import { enqueueMany, NewMessage } from './outbox';
import { departmentLiaisons, leaderAccount, officeRecipients, Recipient, recipientKey, subscribedGroups } from '../src/register/recipients';

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

interface DueItem extends RemindableItem {
  reason: ReminderReason | 'unacknowledged';
}

/**
 * The items to remind on `day`, lean: the rule is decided per distinct
 * deadline, and only the qualifying items are read, without their text.
 */
async function dueItems(app: App, day: string, settings: JobSettings): Promise<DueItem[]> {
  const rule = reminderRule(day, settings);
  const horizon = addDays(day, Math.max(...settings.reminderDaysBefore));
  const deadlines = await openDeadlines(app.db, { upTo: horizon });
  const reasons = new Map(deadlines.map((deadline) => [deadline, rule({ status: '办理中', deadline })]));
  const qualifying = [...reasons].filter(([, reason]) => reason).map(([deadline]) => deadline);
  return (await remindableItems(app.db, { deadlines: qualifying })).map((item) => ({ ...item, reason: reasons.get(item.deadline!)! }));
}

/**
 * 交办 items nobody has 签收ed past ACK_WITHIN_WORKDAYS (as /review lists
 * them), reminded then and every OVERDUE_EVERY_WORKDAYS workdays after.
 */
async function unacknowledgedItems(app: App, day: string): Promise<DueItem[]> {
  const within = app.config.lifecycle.ackWithinWorkdays;
  const every = app.config.jobs.overdueEveryWorkdays;
  const ids = (await awaitingAcknowledgement(app.db)).filter((item) => {
    const late = workdaysAfter(shanghaiDay(item.assignedAt), day) - within;
    return late >= 1 && (late - 1) % every === 0;
  }).map((item) => item.id);
  return (await remindableItems(app.db, { ids })).map((item) => ({ ...item, reason: 'unacknowledged' as const }));
}

/**
 * Items overdue ESCALATE_HEAD_AFTER_WORKDAYS workdays or more whose 红色督办单
 * has not gone to the office heads yet (the activity log says which have).
 */
async function redSheetItems(app: App, day: string, settings: EscalationSettings): Promise<DueItem[]> {
  const overdue = await openDeadlines(app.db, { before: day });
  const workdays = new Map(overdue.map((deadline) => [deadline, workdaysAfter(deadline, day)]));
  const candidates = overdue.filter((deadline) => workdays.get(deadline)! >= settings.escalateHeadAfterWorkdays);
  // Those whose 督办单 has gone out are left out in SQL: after the first day that is nearly all of them.
  return (await remindableItems(app.db, { deadlines: candidates }, RED_SHEET_ACTION))
    .filter((item) => audiences({
      colour: 'red', overdueDays: daysBetween(item.deadline!, day), overdueWorkdays: workdays.get(item.deadline!)!, paused: false, headsTold: false,
    }, settings).heads)
    .map((item) => ({ ...item, reason: 'overdue' as const }));
}

const RED_SHEET_ACTION = 'escalation.red_sheet' satisfies ActivityAction;

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
  /** 交办 items not yet 签收ed past the acknowledgement window. */
  unacknowledged?: number[];
  /** Items this card is the 红色督办单 for (office heads). */
  redSheet?: number[];
}

export interface EscalationPayload {
  day: string;
  commitmentIds: number[];
}

const AUDIENCE_RANK: Record<ReminderAudience, number> = { leader: 0, liaison: 1, office: 2 };

type Marks = { leader?: string; unbound?: string; escalated?: boolean; unacknowledged?: boolean; redSheet?: boolean };

/** One card per recipient per day: everything addressed to them is merged into it. */
class Mailbag {
  // Sets, not arrays: the office's card may gather tens of thousands of items, each marked once.
  private readonly cards = new Map<string, {
    to: Recipient; audience: ReminderAudience; leader: string | null; unbound: Set<string>;
    ids: Set<number>; escalated: Set<number>; unacknowledged: Set<number>; redSheet: Set<number>;
  }>();

  add(to: Recipient, audience: ReminderAudience, items: DueItem[], extra: Marks = {}): void {
    const key = recipientKey(to);
    let card = this.cards.get(key);
    if (!card) {
      card = { to, audience, leader: null, unbound: new Set(), ids: new Set(), escalated: new Set(), unacknowledged: new Set(), redSheet: new Set() };
      this.cards.set(key, card);
    }
    if (AUDIENCE_RANK[audience] < AUDIENCE_RANK[card.audience]) card.audience = audience;
    if (extra.leader) card.leader = extra.leader;
    if (extra.unbound) card.unbound.add(extra.unbound);
    for (const item of items) {
      card.ids.add(item.id);
      if (extra.escalated) card.escalated.add(item.id);
      if (extra.unacknowledged) card.unacknowledged.add(item.id);
      if (extra.redSheet) card.redSheet.add(item.id);
    }
  }

  messages(day: string): NewMessage[] {
    return [...this.cards.values()].map((card) => ({
      dedupeKey: `reminder:${day}:to:${recipientKey(card.to)}`, platform: card.to.platform, target: { kind: 'user' as const, id: card.to.id },
      kind: 'reminder',
      payload: {
        day, audience: card.audience, leader: card.leader, commitmentIds: [...card.ids], unbound: [...card.unbound],
        escalated: [...card.escalated], unacknowledged: [...card.unacknowledged], redSheet: [...card.redSheet],
      } satisfies ReminderPayload,
    }));
  }
}

/** The 三色 an item is reminded under: red overdue, yellow 预警, otherwise blue (提醒, inside the window). */
function colourOn(item: DueItem, day: string): 'red' | 'yellow' | 'blue' {
  const { colour } = itemSignal({ status: '办理中', deadline: item.deadline, progressPercent: item.progressPercent, startedOn: item.startedOn }, day);
  return colour === 'red' || colour === 'yellow' ? colour : 'blue';
}

/** The office heads (OFFICE_HEAD_IDS on Feishu, OFFICE_HEAD_DINGTALK_IDS on DingTalk); without any, the office itself. */
async function headRecipients(app: App): Promise<Recipient[]> {
  const { officeHeadIds, officeHeadDingTalkIds } = app.config.lifecycle;
  const heads = [
    ...officeHeadIds.map((id): Recipient => ({ platform: 'feishu', id })),
    ...officeHeadDingTalkIds.map((id): Recipient => ({ platform: 'dingtalk', id })),
  ];
  return heads.length ? heads : officeRecipients(app);
}

/**
 * Decides the day's reminders and queues them: one merged card per recipient
 * per day, its audience widened by the item's colour (三级督办, see
 * src/domain/escalation): blue to the leaders; yellow to the leaders and the
 * department's liaisons; red to the leaders, after ESCALATE_AFTER_DAYS also to
 * the liaisons and the department's subscribed groups, and after
 * ESCALATE_HEAD_AFTER_WORKDAYS a 红色督办单 to the office heads, once. A
 * leader who cannot be reached (unbound) or an item with no determined leader
 * is relayed to the department's liaisons, else the office. 交办 items not
 * 签收ed in time are reminded to their leaders.
 */
export async function planReminders(app: App, day: string): Promise<ReminderPlan> {
  const plan: ReminderPlan = { day, workday: isWorkday(day), queued: 0, items: 0, undeliverable: [] };
  if (!plan.workday) return plan;
  const settings = app.config.jobs;
  const escalation: EscalationSettings = { escalateAfterDays: settings.escalateAfterDays, escalateHeadAfterWorkdays: app.config.lifecycle.escalateHeadAfterWorkdays };
  const due = await dueItems(app, day, settings);
  const unacknowledged = await unacknowledgedItems(app, day);
  const sheets = await redSheetItems(app, day, escalation);
  plan.items = new Set([...due, ...unacknowledged, ...sheets].map((i) => i.id)).size;

  const add = <K>(map: Map<K, DueItem[]>, key: K, item: DueItem) => (map.get(key) ?? map.set(key, []).get(key)!).push(item);
  const office = await officeRecipients(app);
  const leaders = new Map((await allLeaders(app.db)).map((l) => [l.id, l]));
  const liaisonsOf = memo((departmentId: number | null) => departmentLiaisons(app.db, departmentId));
  const groupsOf = memo((departmentId: number | null) => subscribedGroups(app.db, departmentId));
  const bag = new Mailbag();

  /** Items no leader can receive: each department's liaisons, else the office. */
  const relay = async (items: DueItem[], extra: Marks, undeliverable: string) => {
    const byDepartment = new Map<number | null, DueItem[]>();
    for (const item of items) add(byDepartment, item.departmentId, item);
    for (const [departmentId, group] of byDepartment) {
      const liaisons = await liaisonsOf(departmentId);
      const via = liaisons.length ? liaisons : office;
      if (!via.length && !plan.undeliverable.includes(undeliverable)) plan.undeliverable.push(undeliverable);
      for (const user of via) bag.add(user, liaisons.length ? 'liaison' : 'office', group, extra);
    }
  };
  /** To the items' leaders, each on their own card; the unreachable relayed. */
  const toLeaders = async (items: DueItem[], extra: Marks = {}) => {
    const byLeader = new Map<number, DueItem[]>();
    const unassigned = new Map<number | null, DueItem[]>();
    for (const item of items) {
      if (!item.leaderIds.length) add(unassigned, item.departmentId, item);
      for (const leaderId of item.leaderIds) add(byLeader, leaderId, item);
    }
    for (const [leaderId, list] of byLeader) {
      const leader = leaders.get(leaderId)!;
      const account = leaderAccount(leader);
      if (account) bag.add(account, 'leader', list, { ...extra, leader: leader.name });
      else await relay(list, { ...extra, unbound: leader.name }, leader.name);
    }
    for (const list of unassigned.values()) {
      await relay(list, extra, `${list[0].departmentName ?? NO_DEPARTMENT}（未定责任领导）`);
    }
  };

  const forLeaders: DueItem[] = [];
  const toGroups = new Map<string, { chat: Recipient; ids: number[] }>();
  for (const item of due) {
    const colour = colourOn(item, day);
    const overdueDays = colour === 'red' ? daysBetween(item.deadline!, day) : 0;
    const reach = audiences({ colour, overdueDays, overdueWorkdays: 0, paused: false, headsTold: true }, escalation);
    if (reach.leaders) forLeaders.push(item);
    if (reach.liaisons) {
      for (const user of await liaisonsOf(item.departmentId)) bag.add(user, 'liaison', [item], { escalated: colour === 'red' });
    }
    if (reach.groups) {
      for (const chat of await groupsOf(item.departmentId)) {
        const key = recipientKey(chat);
        (toGroups.get(key) ?? toGroups.set(key, { chat, ids: [] }).get(key)!).ids.push(item.id);
      }
    }
  }
  await toLeaders(forLeaders);
  await toLeaders(unacknowledged, { unacknowledged: true });
  const heads = sheets.length ? await headRecipients(app) : [];
  for (const head of heads) bag.add(head, 'office', sheets, { redSheet: true });

  const messages = bag.messages(day);
  for (const [key, { chat, ids }] of toGroups) {
    messages.push({
      dedupeKey: `escalation:${day}:chat:${key}`, platform: chat.platform, target: { kind: 'chat', id: chat.id },
      kind: 'escalation', payload: { day, commitmentIds: ids } satisfies EscalationPayload,
    });
  }
  plan.queued = await enqueueMany(app.db, messages);
  if (heads.length) {
    await logActivities(app.db, sheets.map((item) => ({
      actor: systemActor, at: app.clock.now(), action: RED_SHEET_ACTION, commitmentId: item.id,
      summary: `逾期超过 ${escalation.escalateHeadAfterWorkdays} 个工作日，红色督办单已报送督查室领导`,
    })));
  } else if (sheets.length) {
    plan.undeliverable.push(`红色督办单（${sheets.length} 项，未配置 OFFICE_HEAD_IDS 且无管理员）`);
  }
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
