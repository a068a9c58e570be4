import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { App } from '../app';
import { cliActor } from '../domain/actor';
import { buildWeeklyReport, ReportRequestError } from '../report/weeklyReport';
import { UsageError } from './args';

export const REPORT_USAGE = '用法：report [--campaign 批次键…] [--week 2022-12-19] --docx 通报.docx [--xlsx 通报.xlsx]';

/** `report`: writes the week's 督查通报 (.docx) and, when asked, its tables (.xlsx). */
export async function reportCommand(app: App, argv: string[], out: (text: string) => void): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { campaign: { type: 'string', multiple: true }, week: { type: 'string' }, docx: { type: 'string' }, xlsx: { type: 'string' } },
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${REPORT_USAGE}`);
  }
  if (!values.docx) throw new UsageError(`请用 --docx 指定要写入的文件\n${REPORT_USAGE}`);
  let report;
  try {
    report = await buildWeeklyReport(app, { campaignKeys: values.campaign, week: values.week, actor: cliActor(), xlsx: !!values.xlsx });
  } catch (error) {
    if (error instanceof ReportRequestError) throw new UsageError(error.message);
    throw error;
  }
  fs.writeFileSync(values.docx, report.docx);
  if (values.xlsx && report.xlsx) fs.writeFileSync(values.xlsx, report.xlsx);
  const { data } = report;
  out(`已生成督查通报第${data.issue.number}期（${data.weekStart}至${data.weekEnd}）：${values.docx}${values.xlsx ? `、${values.xlsx}` : ''}`);
  out(`共${data.total.total}项，已办结${data.total.done}项，完成率${data.total.rate}%，逾期未办结${data.total.overdue}项`);
}
