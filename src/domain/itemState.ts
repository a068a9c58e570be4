import { addDays, daysBetween, shanghaiDay } from '../clock';
import { daysLate, OPEN_STATES, type LifecycleState as CommitmentStatus } from './lifecycle';

/**
 * How an item reads today, decided here for every screen and card (the one
 * 三色): closed on time or late, waiting for review, or open and red (overdue),
 * yellow (due within 3 days, or progress behind the calendar: 未达序时进度),
 * blue (due within 7 days), under way (progress reported) or not started.
 */
export type ItemState =
  | 'done' | 'done_late' | 'review' | 'overdue' | 'due_very_soon' | 'lagging' | 'due_soon' | 'in_progress' | 'pending' | 'unacknowledged';

export type Colour = 'red' | 'yellow' | 'blue' | 'green' | 'none';

export interface ItemSignal {
  state: ItemState;
  colour: Colour;
  mark: string;
  label: string;
}

/** Yellow: this many days or fewer left. */
export const URGENT_DAYS = 3;
/** Blue: this many days or fewer left (临期). */
export const DUE_SOON_DAYS = 7;
/** Reported progress this many points behind the share of time used counts as lagging. */
export const LAG_POINTS = 25;

export const SIGNALS: Record<ItemState, Omit<ItemSignal, 'state'>> = {
  done: { colour: 'green', mark: '✅', label: '已办结' },
  done_late: { colour: 'green', mark: '☑️', label: '逾期办结' },
  review: { colour: 'none', mark: '📝', label: '待审核' },
  overdue: { colour: 'red', mark: '🔴', label: '已逾期' },
  due_very_soon: { colour: 'yellow', mark: '🟡', label: `${URGENT_DAYS}天内到期` },
  lagging: { colour: 'yellow', mark: '🟡', label: '进度滞后' },
  due_soon: { colour: 'blue', mark: '🔵', label: '临期' },
  in_progress: { colour: 'none', mark: '⚪', label: '推进中' },
  pending: { colour: 'none', mark: '⚪', label: '办理中' },
  unacknowledged: { colour: 'none', mark: '📨', label: '待签收' },
};

export interface StateInput {
  status: CommitmentStatus;
  deadline: string | null;
  completedAt?: Date | null;
  progressPercent?: number | null;
  originalDeadline?: string | null;
  /** Where the item's calendar starts, for "progress behind the calendar". */
  startedOn?: string | null;
}

/** Whether reported progress is more than LAG_POINTS behind the share of the item's time already used. */
export function isLagging(item: StateInput, today: string): boolean {
  if (!item.deadline || !item.startedOn || item.progressPercent === null || item.progressPercent === undefined) return false;
  const total = daysBetween(item.startedOn, item.deadline);
  const used = daysBetween(item.startedOn, today);
  return total > 0 && used > 0 && item.progressPercent + LAG_POINTS < (used / total) * 100;
}

/** The Shanghai day the unit reported completion, if it has. */
export function completedOn(item: Pick<StateInput, 'completedAt'>): string | null {
  return item.completedAt ? shanghaiDay(item.completedAt) : null;
}

export function isOpen(item: Pick<StateInput, 'status'>): boolean {
  return OPEN_STATES.includes(item.status);
}

export function itemState(item: StateInput, today: string): ItemState {
  if (item.status === '已办结') return daysLate(item, completedOn(item)) > 0 ? 'done_late' : 'done';
  if (item.status === '待审核') return 'review';
  if (item.deadline && item.deadline < today) return 'overdue';
  if (item.deadline && item.deadline <= addDays(today, URGENT_DAYS)) return 'due_very_soon';
  if (isLagging(item, today)) return 'lagging';
  if (item.deadline && item.deadline <= addDays(today, DUE_SOON_DAYS)) return 'due_soon';
  if (item.status === '待签收') return 'unacknowledged';
  return item.progressPercent !== null && item.progressPercent !== undefined ? 'in_progress' : 'pending';
}

/** The one 三色 decision: state, colour, mark and label of an item on `today`. */
export function itemSignal(item: StateInput, today: string): ItemSignal {
  const state = itemState(item, today);
  return { state, ...SIGNALS[state] };
}

/** The office's counts: 已办结 (按时/逾期), 待审核, 办理中, 逾期未办结, and 延期 across them. */
export interface Summary {
  total: number;
  /** Office-approved completions (已办结), on time and late. */
  done: number;
  doneOnTime: number;
  doneLate: number;
  awaitingReview: number;
  /** Open and not overdue (待签收 or 办理中). */
  inProgress: number;
  /** Open past the deadline (逾期未办结). */
  overdue: number;
  dueSoon: number;
  /** Items whose deadline an approved extension moved. */
  extended: number;
  /** Approved completions over all items, whole percent; 0 for an empty list. */
  rate: number;
}

/**
 * Items counted by state, as the database counts them for the console
 * (src/register/stateCounts.ts): `extended` of them have an approved
 * extension, `withinWeek` are due within DUE_SOON_DAYS.
 */
export interface StateCount {
  state: ItemState;
  count: number;
  extended: number;
  withinWeek: number;
}

const DUE_SOON_STATES: ReadonlySet<ItemState> = new Set(['due_very_soon', 'lagging', 'due_soon']);

export function summarise(items: StateInput[], today: string): Summary {
  const soon = addDays(today, DUE_SOON_DAYS);
  return summariseCounts(items.map((item) => ({
    state: itemState(item, today), count: 1, extended: item.originalDeadline ? 1 : 0, withinWeek: item.deadline && item.deadline <= soon ? 1 : 0,
  })));
}

/** The office's counts from items counted by state (summarise, for items already counted). */
export function summariseCounts(counts: StateCount[]): Summary {
  const count: Record<ItemState, number> = { done: 0, done_late: 0, review: 0, overdue: 0, due_very_soon: 0, lagging: 0, due_soon: 0, in_progress: 0, pending: 0, unacknowledged: 0 };
  let total = 0;
  let extended = 0;
  let dueSoon = 0;
  for (const row of counts) {
    count[row.state] += row.count;
    total += row.count;
    extended += row.extended;
    if (DUE_SOON_STATES.has(row.state)) dueSoon += row.withinWeek;
  }
  const done = count.done + count.done_late;
  return {
    total,
    done,
    doneOnTime: count.done,
    doneLate: count.done_late,
    awaitingReview: count.review,
    inProgress: count.due_very_soon + count.lagging + count.due_soon + count.in_progress + count.pending + count.unacknowledged,
    overdue: count.overdue,
    dueSoon,
    extended,
    rate: total ? Math.round((done * 100) / total) : 0,
  };
}

/** Open items first (most overdue first, then by deadline, undated last), then those reported done. */
export function byUrgency<T extends { status: CommitmentStatus; deadline: string | null; id: number }>(items: T[]): T[] {
  const rank = (i: T) => (!isOpen(i) ? 2 : i.deadline ? 0 : 1);
  return [...items].sort((a, b) => rank(a) - rank(b) || (a.deadline ?? '').localeCompare(b.deadline ?? '') || a.id - b.id);
}
