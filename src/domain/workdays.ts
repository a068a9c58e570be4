import { isWorkday as chineseWorkday } from 'chinese-days';
import { addDays } from '../clock';

/**
 * The Chinese working calendar: weekends, statutory holidays and the 调休
 * Saturdays and Sundays that are worked instead (2023-01-28 is a workday).
 */
export function isWorkday(day: string): boolean {
  return chineseWorkday(day);
}

/** The last workday strictly before `day`. */
export function previousWorkday(day: string): string {
  let d = addDays(day, -1);
  while (!isWorkday(d)) d = addDays(d, -1);
  return d;
}

/** Workdays in (from, to]; 0 when `to` is not after `from`. */
export function workdaysAfter(from: string, to: string): number {
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkday(d)) count++;
  return count;
}

/** ISO week, e.g. "2022-W52": digests go out once per week. */
export function isoWeek(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const year = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const week = 1 + Math.round(((date.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday of the ISO week holding `day`. */
export function weekStart(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}
