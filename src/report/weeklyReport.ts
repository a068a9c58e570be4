import type { App } from '../app';
import { completionChart } from './chart';
import { renderDocx } from './docxReport';
import { loadReportData, ReportData, WeeklyReportOptions } from './reportData';
import { reportTables } from './reportTables';
import { renderXlsx } from './xlsxReport';

export { ReportRequestError } from './reportData';
export type { WeeklyReportOptions } from './reportData';

export interface WeeklyReport {
  docx: Buffer;
  xlsx?: Buffer;
  /** A file name for downloads and chat, e.g. 督查通报2022年第3期.docx. */
  fileName: string;
  data: ReportData;
}

/** The week's 督查通报 as a Word document (and, when asked, its tables as a workbook). */
export async function buildWeeklyReport(app: App, options: WeeklyReportOptions & { xlsx?: boolean } = {}): Promise<WeeklyReport> {
  const data = await loadReportData(app, options);
  const tables = reportTables(data);
  // Bars of nothing but 0% say nothing: the chart is left out like an empty section.
  const chart = data.ranking.some((r) => r.summary.rate > 0)
    ? completionChart('各单位承诺事项完成率', data.ranking.map((r) => ({ label: r.name, value: r.summary.rate, highlighted: r.lagging })))
    : null;
  return {
    docx: await renderDocx(data, tables, chart),
    xlsx: options.xlsx ? await renderXlsx(data, tables) : undefined,
    fileName: `督查通报${data.issue.year}年第${data.issue.number}期.docx`,
    data,
  };
}
