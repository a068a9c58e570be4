import { monthDay } from '../domain/chineseDate';
import type { ReportData, ReportItem } from './reportData';

export interface ReportColumn {
  header: string;
  /** Share of the table width, in percent. */
  width: number;
  /** Numbers and dates are centred; text reads from the left. */
  align?: 'left' | 'center';
}

/** One table of the bulletin, as both the document and the workbook print it. */
export interface ReportTable {
  heading: string;
  columns: ReportColumn[];
  rows: (string | number)[][];
  /** Rows (by index) shown marked: the lagging departments. */
  marked: Set<number>;
  note?: string;
}

/** On-time completions over all items, whole percent, like the completion rate. */
export function onTimeRate(summary: { total: number; doneOnTime: number }): number {
  return summary.total ? Math.round((summary.doneOnTime * 100) / summary.total) : 0;
}

function deadline(item: ReportItem, reference: string): string {
  const moved = item.originalDeadline ? `（延期，原定${day(item.originalDeadline, reference)}）` : '';
  return `${day(item.deadline, reference)}${moved}`;
}

function day(value: string | null, reference: string): string {
  if (!value) return '无';
  return value.slice(0, 4) === reference.slice(0, 4) ? monthDay(value) : `${value.slice(0, 4)}年${monthDay(value)}`;
}

/** The ranking, built from the summary's counts so that new counts become new columns. */
function rankingTable(data: ReportData): ReportTable {
  const columns: (ReportColumn & { cell: (r: ReportData['ranking'][number]) => string | number })[] = [
    // Widths fit the headers on one line at 五号.
    { header: '排名', width: 6, cell: (r) => r.rank },
    { header: '单位', width: 17, align: 'left', cell: (r) => r.name },
    { header: '事项数', width: 8.5, cell: (r) => r.summary.total },
    { header: '已办结', width: 8.5, cell: (r) => r.summary.done },
    { header: '逾期办结', width: 11, cell: (r) => r.summary.doneLate },
    { header: '待审核', width: 8.5, cell: (r) => r.summary.awaitingReview },
    { header: '逾期未办结', width: 13, cell: (r) => r.summary.overdue },
    { header: '延期', width: 6, cell: (r) => r.summary.extended },
    { header: '完成率', width: 8.5, cell: (r) => `${r.summary.rate}%` },
    { header: '按时办结率', width: 13, cell: (r) => `${onTimeRate(r.summary)}%` },
  ];
  const marked = new Set(data.ranking.flatMap((r, i) => (r.lagging ? [i] : [])));
  return {
    heading: '各单位办理情况',
    columns: columns.map(({ cell: _cell, ...column }) => column),
    rows: data.ranking.map((r) => columns.map((c) => c.cell(r))),
    marked,
    note: `注：完成率＝已办结÷事项数，按时办结率＝按时办结÷事项数；按完成率排名，完成率相同的按逾期未办结事项少者居前${marked.size ? '；加底纹的单位有逾期未办结事项' : ''}。`,
  };
}

function itemTable(heading: string, items: ReportItem[], columns: [ReportColumn, (i: ReportItem) => string | number][]): ReportTable {
  const all: [ReportColumn, (i: ReportItem, n: number) => string | number][] = [
    [{ header: '序号', width: 7 }, (_i, n) => n + 1],
    [{ header: '单位', width: 17, align: 'left' }, (i) => i.department],
    ...columns,
  ];
  return { heading, columns: all.map(([c]) => c), rows: items.map((item, n) => all.map(([, cell]) => cell(item, n))), marked: new Set() };
}

/** The bulletin's tables in order; empty ones are left out. */
export function reportTables(data: ReportData): ReportTable[] {
  const ref = data.asOfDay;
  const tables = data.ranking.length ? [rankingTable(data)] : [];
  if (data.overdue.length) {
    tables.push(itemTable('逾期未办结事项', data.overdue, [
      [{ header: '承诺事项', width: 38, align: 'left' }, (i) => i.text],
      [{ header: '完成时限', width: 15 }, (i) => deadline(i, ref)],
      [{ header: '逾期天数', width: 10 }, (i) => i.daysOverdue],
      [{ header: '责任领导', width: 13 }, (i) => i.leaders],
    ]));
  }
  if (data.completed.length) {
    tables.push(itemTable('本周办结事项', data.completed, [
      [{ header: '承诺事项', width: 37, align: 'left' }, (i) => i.text],
      [{ header: '完成时限', width: 15 }, (i) => deadline(i, ref)],
      [{ header: '办结日期', width: 12 }, (i) => day(i.closedOn, ref)],
      [{ header: '办结情况', width: 12 }, (i) => (i.daysLate ? `逾期${i.daysLate}天` : '按时')],
    ]));
  }
  if (data.dueAhead.length) {
    tables.push(itemTable('下阶段到期事项（14天内）', data.dueAhead, [
      [{ header: '承诺事项', width: 47, align: 'left' }, (i) => i.text],
      [{ header: '完成时限', width: 15 }, (i) => deadline(i, ref)],
      [{ header: '责任领导', width: 14 }, (i) => i.leaders],
    ]));
  }
  return tables;
}
