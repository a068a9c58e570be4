import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const ZONE = 'Asia/Shanghai';

/** The one source of "now" for business logic: deadlines, reminders, the activity log. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that starts at `start` and then moves with real time, so a demo set to
 * a 2022 date still orders its events.
 */
export function clockStartingAt(start: Date): Clock {
  const offset = start.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/** A clock that only moves when told to; for tests. */
export class ManualClock implements Clock {
  private current: Date;
  constructor(start: Date | string) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Calendar helpers: every date is a day in Asia/Shanghai, whatever the machine's TZ. */
export function shanghai(at: Date): dayjs.Dayjs {
  return dayjs(at).tz(ZONE);
}

/**
 * China has kept UTC+8 without daylight saving since 1991, so the calendar day
 * is plain arithmetic; dayjs's time-zone plugin costs half a millisecond a call
 * on the hot path.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole days from `fromDay` to `toDay` ('YYYY-MM-DD'); negative when `toDay` is earlier. */
export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000);
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The last instant of a Shanghai calendar day. */
export function endOfShanghaiDay(day: string): Date {
  return new Date(Date.parse(`${day}T23:59:59.999Z`) - SHANGHAI_OFFSET_MS);
}

/** The first instant of a Shanghai calendar day. */
export function startOfShanghaiDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - SHANGHAI_OFFSET_MS);
}
