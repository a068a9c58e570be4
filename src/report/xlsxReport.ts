import ExcelJS from 'exceljs';
import { monthDay } from '../domain/chineseDate';
import type { ReportData } from './reportData';
import type { ReportTable } from './reportTables';
import { campaignLines, summaryParagraph } from './summaryText';
import { xmlText } from './xmlText';

const MARK_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9D9D9' } };

/** The bulletin's tables as a workbook, one sheet each, for offices that paste numbers into their own templates. */
export async function renderXlsx(data: ReportData, tables: ReportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  // ExcelJS writes "Unknown" otherwise, shown in Excel's file properties.
  workbook.creator = data.officeName;
  workbook.lastModifiedBy = data.officeName;
  workbook.title = `督查通报${data.issue.year}年第${data.issue.number}期`;
  const overview = workbook.addWorksheet('总体情况');
  overview.columns = [{ width: 110 }];
  overview.addRow([`督查通报第${data.issue.number}期（${monthDay(data.weekStart)}至${monthDay(data.weekEnd)}）`]).font = { bold: true };
  for (const line of [summaryParagraph(data), ...campaignLines(data)]) overview.addRow([xmlText(line)]).alignment = { wrapText: true, vertical: 'top' };
  for (const t of tables) {
    const sheet = workbook.addWorksheet(t.heading.replace(/[（(].*$/, ''), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = t.columns.map((c) => ({ header: c.header, width: Math.max(8, Math.round(c.width * 1.2)) }));
    sheet.getRow(1).font = { bold: true };
    t.rows.forEach((row, i) => {
      const added = sheet.addRow(row.map((value) => (typeof value === 'string' ? xmlText(value) : value)));
      added.alignment = { wrapText: true, vertical: 'top' };
      if (t.marked.has(i)) added.eachCell((c) => (c.fill = MARK_FILL));
    });
    if (t.note) sheet.addRow([t.note]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
