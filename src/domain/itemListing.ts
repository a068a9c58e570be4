import type { LifecycleState as CommitmentStatus } from './lifecycle';
import { itemSignal, itemState, ItemState } from './itemState';

/** Filters, search, sort and pages for a list of items (the console's 部门 and 领导 pages). */
export interface ListingQuery {
  state?: ItemState;
  colour?: 'red' | 'yellow' | 'blue' | 'none';
  campaignId?: number;
  overdue?: boolean;
  review?: boolean;
  search?: string;
  sort: 'deadline' | 'id' | 'progress' | 'activity' | 'state';
  descending: boolean;
  page: number;
}

export const PAGE_SIZE = 50;

export interface Listable {
  id: number;
  campaignId: number;
  text: string;
  status: CommitmentStatus;
  deadline: string | null;
  progressPercent: number | null;
  needsReview: boolean;
  lastActivity: Date | null;
  completedAt?: Date | null;
  originalDeadline?: string | null;
  startedOn?: string | null;
}

export interface Listing<T> {
  rows: T[];
  total: number;
  page: number;
  pages: number;
}

const STATE_ORDER: ItemState[] = ['overdue', 'due_very_soon', 'lagging', 'due_soon', 'unacknowledged', 'in_progress', 'pending', 'review', 'done_late', 'done'];

/** The 三色 filter's value: closed items (green) have no warning colour. */
function warning(item: Listable, today: string): NonNullable<ListingQuery['colour']> {
  const { colour } = itemSignal(item, today);
  return colour === 'green' ? 'none' : colour;
}

export function listItems<T extends Listable>(items: T[], query: ListingQuery, today: string): Listing<T> {
  const needle = query.search?.trim().toLowerCase();
  const matching = items.filter((item) => {
    const state = itemState(item, today);
    if (query.state && state !== query.state) return false;
    if (query.overdue && state !== 'overdue') return false;
    if (query.review && !item.needsReview) return false;
    if (query.campaignId !== undefined && item.campaignId !== query.campaignId) return false;
    if (query.colour && warning(item, today) !== query.colour) return false;
    if (needle && !item.text.toLowerCase().includes(needle) && String(item.id) !== needle) return false;
    return true;
  });
  const key = (item: T): number | string => {
    switch (query.sort) {
      case 'deadline': return item.deadline ?? '9999-12-31';
      case 'progress': return item.progressPercent ?? -1;
      case 'activity': return item.lastActivity?.getTime() ?? 0;
      case 'state': return STATE_ORDER.indexOf(itemState(item, today));
      default: return item.id;
    }
  };
  const direction = query.descending ? -1 : 1;
  matching.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return (x < y ? -1 : x > y ? 1 : 0) * direction || a.id - b.id;
  });
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, query.page), pages);
  return { rows: matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), total: matching.length, page, pages };
}
