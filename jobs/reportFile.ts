import type { App } from '../src/app';
import type { OutboxPayloads } from './outbox';
import type { OutgoingFile } from '../src/platforms/platform';
import { buildWeeklyReport } from '../src/report/weeklyReport';

export { REPORT_FILE } from '../src/report/reportFileMessage';

/** Builds the 督查通报 an outbox row of kind REPORT_FILE carries, when it is sent. */
export async function reportFile(app: App, payload: OutboxPayloads['report-file']): Promise<OutgoingFile> {
  const report = await buildWeeklyReport(app, { week: String(payload.week) });
  return { name: report.fileName, bytes: report.docx };
}
