import { execFileSync } from 'node:child_process';
import dayjs from 'dayjs';
import isoWeekPlugin from 'dayjs/plugin/isoWeek';
import { addDays } from '../clock';

dayjs.extend(isoWeekPlugin);

/**
 * The Chinese working calendar: weekends, statutory holidays and the 调休
 * Saturdays and Sundays that are worked instead (2023-01-28 is a workday).
 */
export function isWorkday(day: string): boolean {
  const year = Number(day.slice(0, 4));
  let workdays = workdaysByYear.get(year);
  if (!workdays) {
    workdays = new Set(workdaysOfYear(year));
    workdaysByYear.set(year, workdays);
  }
  return workdays.has(day);
}

const workdaysByYear = new Map<number, Set<string>>();

/** Every workday of a year, as chinese-days says, in Shanghai time. */
function workdaysOfYear(year: number): string[] {
  if (Intl.DateTimeFormat().resolvedOptions().timeZone === 'Asia/Shanghai') return listWorkdays(year);
  // chinese-days builds its holiday table in the machine's time zone when it is
  // loaded (in New York it takes 2022-12-26 for a holiday): ask it from a
  // process that runs in Shanghai time. Once per year, a few tens of ms.
  const script = `process.stdout.write(JSON.stringify(require(${JSON.stringify(__filename)}).listWorkdays(${year})))`;
  // Run from TypeScript sources (tsx, jest) the child needs tsx too; the compiled build does not.
  const loader = __filename.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
  const output = execFileSync(process.execPath, [...loader, '-e', script], {
    env: { ...process.env, TZ: 'Asia/Shanghai', NODE_OPTIONS: '' },
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[];
}

/** The workdays of a year straight from chinese-days; correct only in a process on Shanghai time. */
export function listWorkdays(year: number): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { isWorkday: chineseWorkday } = require('chinese-days') as typeof import('chinese-days');
  const days: string[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) if (chineseWorkday(d)) days.push(d);
  return days;
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
  const date = dayjs(day);
  return `${date.isoWeekYear()}-W${String(date.isoWeek()).padStart(2, '0')}`;
}

/** Monday of the ISO week holding `day`. */
export function weekStart(day: string): string {
  return dayjs(day).startOf('isoWeek').format('YYYY-MM-DD');
}

/** Monday of the last full week before `day`: the week a bulletin sent on `day` reports. */
export function lastFullWeek(day: string): string {
  return addDays(weekStart(day), -7);
}
