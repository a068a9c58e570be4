import { monthDay } from '../domain/chineseDate';
import type { ReportData } from './reportData';
import { onTimeRate } from './reportTables';

const MAX_NAMED = 5;

function named(names: string[]): string {
  return names.length > MAX_NAMED ? `${names.slice(0, MAX_NAMED).join('、')}等${names.length}个单位` : names.join('、');
}

/** The 总体情况 paragraph, written from the figures. */
export function summaryParagraph(data: ReportData): string {
  const t = data.total;
  if (!t.total) return `截至${monthDay(data.asOfDay)}，${data.campaigns.length > 1 ? '所选批次' : '本批次'}暂无承诺事项。`;
  const parts = [
    `截至${monthDay(data.asOfDay)}，纳入督查的承诺事项共${t.total}项，已办结${t.done}项（按时办结${t.doneOnTime}项、逾期办结${t.doneLate}项），总体完成率${t.rate}%，按时办结率${onTimeRate(t)}%`,
    [t.awaitingReview ? `待审核${t.awaitingReview}项` : '', `办理中${t.inProgress}项`, `逾期未办结${t.overdue}项`].filter(Boolean).join('，')
      + (t.extended ? `；经批准延期${t.extended}项` : ''),
  ];
  let text = `${parts.join('；')}。`;
  text += data.completed.length ? `本周（${monthDay(data.weekStart)}至${monthDay(data.weekEnd)}）新办结${data.completed.length}项。` : `本周（${monthDay(data.weekStart)}至${monthDay(data.weekEnd)}）无新办结事项。`;
  const ranked = data.ranking.filter((r) => r.summary.total > 0);
  const bestRate = ranked[0]?.summary.rate ?? 0;
  if (bestRate > 0) {
    const best = ranked.filter((r) => r.summary.rate === bestRate).map((r) => r.name);
    text += `完成率最高的是${named(best)}（${bestRate}%）。`;
  }
  const lagging = [...data.ranking.filter((r) => r.lagging)].sort((a, b) => b.summary.overdue - a.summary.overdue || a.rank - b.rank);
  text += lagging.length
    ? `${named(lagging.map((r) => `${r.name}（${r.summary.overdue}项）`))}有逾期未办结事项，请抓紧推进。`
    : '各单位均无逾期未办结事项。';
  return text;
}

/** One line per campaign, saying so when nothing of it is due. */
export function campaignLines(data: ReportData): string[] {
  // With nothing at all, the summary has said so.
  if (!data.total.total) return [];
  return data.campaigns.map((c) => {
    const s = c.summary;
    if (!s.total) return `${c.title}：暂无承诺事项。`;
    const figures = `${c.title}：共${s.total}项，已办结${s.done}项，完成率${s.rate}%，逾期未办结${s.overdue}项。`;
    return c.nothingDue && s.done < s.total ? `${figures}本期无逾期和临近到期事项。` : figures;
  });
}
