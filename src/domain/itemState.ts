import { addDays } from '../clock';
import type { CommitmentStatus } from '../../db/schema';

/** Where an item stands today: the office's 三色 — red overdue, blue due soon. */
export type ItemState = 'done' | 'overdue' | 'due_soon' | 'in_progress' | 'pending';

export const DUE_SOON_DAYS = 7;

export function itemState(item: { status: CommitmentStatus; deadline: string | null }, today: string): ItemState {
  if (item.status === 'done') return 'done';
  if (item.deadline && item.deadline < today) return 'overdue';
  if (item.deadline && item.deadline <= addDays(today, DUE_SOON_DAYS)) return 'due_soon';
  return item.status === 'in_progress' ? 'in_progress' : 'pending';
}

export interface Summary {
  total: number;
  done: number;
  inProgress: number;
  overdue: number;
  dueSoon: number;
  /** Completion rate in whole percent; 0 for an empty list. */
  rate: number;
}

export function summarise(items: { status: CommitmentStatus; deadline: string | null }[], today: string): Summary {
  const states = items.map((i) => itemState(i, today));
  const done = states.filter((s) => s === 'done').length;
  return {
    total: items.length,
    done,
    inProgress: items.filter((i) => i.status === 'in_progress').length,
    overdue: states.filter((s) => s === 'overdue').length,
    dueSoon: states.filter((s) => s === 'due_soon').length,
    rate: items.length ? Math.round((done * 100) / items.length) : 0,
  };
}

/** Overdue first (most overdue first), then by deadline, undated last. */
export function byUrgency<T extends { status: CommitmentStatus; deadline: string | null; id: number }>(items: T[]): T[] {
  const rank = (i: T) => (i.status === 'done' ? 2 : i.deadline ? 0 : 1);
  return [...items].sort((a, b) => rank(a) - rank(b) || (a.deadline ?? '').localeCompare(b.deadline ?? '') || a.id - b.id);
}
