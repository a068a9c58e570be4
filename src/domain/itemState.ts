import { addDays, shanghaiDay } from '../clock';
import type { CommitmentStatus } from '../../db/schema';
import { daysLate, OPEN_STATES } from './lifecycle';

/**
 * How an item reads today: closed on time or late, waiting for review, or
 * open and red (overdue), due soon, under way (progress reported) or not started.
 */
export type ItemState = 'done' | 'done_late' | 'review' | 'overdue' | 'due_soon' | 'in_progress' | 'pending' | 'unacknowledged';

export const DUE_SOON_DAYS = 7;

export interface StateInput {
  status: CommitmentStatus;
  deadline: string | null;
  completedAt?: Date | null;
  progressPercent?: number | null;
  originalDeadline?: string | null;
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
  if (item.deadline && item.deadline <= addDays(today, DUE_SOON_DAYS)) return 'due_soon';
  if (item.status === '待签收') return 'unacknowledged';
  return item.progressPercent !== null && item.progressPercent !== undefined ? 'in_progress' : 'pending';
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

export function summarise(items: StateInput[], today: string): Summary {
  const count: Record<ItemState, number> = { done: 0, done_late: 0, review: 0, overdue: 0, due_soon: 0, in_progress: 0, pending: 0, unacknowledged: 0 };
  let extended = 0;
  for (const item of items) {
    count[itemState(item, today)]++;
    if (item.originalDeadline) extended++;
  }
  const done = count.done + count.done_late;
  return {
    total: items.length,
    done,
    doneOnTime: count.done,
    doneLate: count.done_late,
    awaitingReview: count.review,
    inProgress: count.due_soon + count.in_progress + count.pending + count.unacknowledged,
    overdue: count.overdue,
    dueSoon: count.due_soon,
    extended,
    rate: items.length ? Math.round((done * 100) / items.length) : 0,
  };
}

/** Open items first (most overdue first, then by deadline, undated last), then those reported done. */
export function byUrgency<T extends { status: CommitmentStatus; deadline: string | null; id: number }>(items: T[]): T[] {
  const rank = (i: T) => (!isOpen(i) ? 2 : i.deadline ? 0 : 1);
  return [...items].sort((a, b) => rank(a) - rank(b) || (a.deadline ?? '').localeCompare(b.deadline ?? '') || a.id - b.id);
}
