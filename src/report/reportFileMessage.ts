import type { Platform } from '../domain/actor';
import { enqueue, NewMessage } from '../../jobs/outbox';
import { lastFullWeek } from '../domain/workdays';

/** Outbox rows of this kind carry the 督查通报 document, built when sent. */
export const REPORT_FILE = 'report-file' as const;

export function reportFileMessage(platform: Platform, target: NewMessage['target'], week: string, dedupeKey: string): NewMessage {
  return { dedupeKey, platform, target, kind: REPORT_FILE, payload: { week } };
}

/** Queues last week's bulletin as a file for a chat (a group) or a person (a private chat); returns the week's Monday. */
export async function queueReportFile(db: Parameters<typeof enqueue>[0], platform: Platform, target: NewMessage['target'], today: string, now: Date): Promise<string> {
  const week = lastFullWeek(today);
  await enqueue(db, reportFileMessage(platform, target, week, `report-file:${platform}:${target.kind}:${target.id}:${now.getTime()}`));
  return week;
}
