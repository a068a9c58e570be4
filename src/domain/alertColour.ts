import { daysBetween } from '../clock';
import type { CommitmentStatus } from '../../db/schema';
import { isOpen } from './itemState';

/**
 * The office's 三色预警: red overdue; yellow due within 3 days or progress
 * behind the calendar (未达序时进度); blue inside the reminder window; none otherwise.
 */
export type AlertColour = 'red' | 'yellow' | 'blue' | null;

export const COLOUR_MARK: Record<Exclude<AlertColour, null>, string> = { red: '🔴', yellow: '🟡', blue: '🔵' };

export interface ColourInput {
  status: CommitmentStatus;
  deadline: string | null;
  progressPercent: number | null;
}

/** Reported progress this many points behind the share of time used counts as lagging. */
const LAG_POINTS = 25;

export function alertColour(item: ColourInput, today: string, windowDays: number, startedOn?: string): AlertColour {
  if (!isOpen(item) || !item.deadline) return null;
  const left = daysBetween(today, item.deadline);
  if (left < 0) return 'red';
  if (left <= 3) return 'yellow';
  if (startedOn && item.progressPercent !== null) {
    const total = daysBetween(startedOn, item.deadline);
    const used = daysBetween(startedOn, today);
    if (total > 0 && item.progressPercent + LAG_POINTS < (used / total) * 100) return 'yellow';
  }
  return left <= windowDays ? 'blue' : null;
}
