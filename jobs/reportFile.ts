import type { App } from '../src/app';
import { addDays } from '../src/clock';
import { weekStart } from '../src/domain/workdays';
import type { OutgoingFile } from '../src/platforms/platform';
import { buildWeeklyReport } from '../src/report/weeklyReport';
import { enqueue, NewMessage } from './outbox';

/** Outbox rows of this kind carry the 督查通报 document, built when sent. */
export const REPORT_FILE = 'report-file';

/** Monday of the last full week before `day`: the week a bulletin sent on `day` reports. */
export function lastFullWeek(day: string): string {
  return addDays(weekStart(day), -7);
}

export function reportFileMessage(platform: string, target: NewMessage['target'], week: string, dedupeKey: string): NewMessage {
  return { dedupeKey, platform, target, kind: REPORT_FILE, payload: { week } };
}

export async function reportFile(app: App, payload: Record<string, unknown>): Promise<OutgoingFile> {
  const report = await buildWeeklyReport(app, { week: String(payload.week) });
  return { name: report.fileName, bytes: report.docx };
}

/** Queues last week's bulletin as a file for a chat (a group) or a person (a private chat). */
export async function queueReportFile(app: App, platform: string, target: NewMessage['target'], today: string, now: Date): Promise<string> {
  const week = lastFullWeek(today);
  await enqueue(app.db, reportFileMessage(platform, target, week, `report-file:${platform}:${target.kind}:${target.id}:${now.getTime()}`));
  return week;
}
