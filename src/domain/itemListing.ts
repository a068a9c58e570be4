import { ItemState, SIGNALS } from './itemState';

/**
 * Filters, search, sort and pages for a list of items (the console's 部门 and
 * 领导 pages; the register runs them, src/register/itemPage.ts).
 */
export interface ListingQuery {
  state?: ItemState;
  /** The 三色 filter: closed items (green) count as no warning. */
  colour?: 'red' | 'yellow' | 'blue' | 'none';
  campaignId?: number;
  overdue?: boolean;
  review?: boolean;
  /** Case-insensitive text in the item, or its exact number. */
  search?: string;
  /** Ties are broken by item number, ascending, whichever the direction. */
  sort: 'deadline' | 'id' | 'progress' | 'activity' | 'state';
  descending: boolean;
  page: number;
}

export const PAGE_SIZE = 50;

/** Sorting by state: the most pressing first. */
export const STATE_ORDER: ItemState[] = ['overdue', 'due_very_soon', 'lagging', 'due_soon', 'unacknowledged', 'in_progress', 'pending', 'review', 'done_late', 'done'];

/** The states the 三色 filter's value stands for. */
export function statesOfColour(colour: NonNullable<ListingQuery['colour']>): ItemState[] {
  return (Object.keys(SIGNALS) as ItemState[]).filter((state) => {
    const own = SIGNALS[state].colour;
    return (own === 'green' ? 'none' : own) === colour;
  });
}
