import type { App } from '../app';
import { addDays, daysBetween, endOfShanghaiDay, shanghaiDay, startOfShanghaiDay } from '../clock';
import type { Actor } from '../domain/actor';
import { systemActor } from '../domain/actor';
import { completedOn, isOpen, summarise, Summary } from '../domain/itemState';
import { daysLate } from '../domain/lifecycle';
import { asOf, completedBetween, DepartmentRow, dueAhead, overdueUnfinished, rankDepartments, UNASSIGNED_DEPARTMENT } from '../domain/weeklyFigures';
import { weekStart } from '../domain/workdays';
import { loadCampaigns, unknownCampaignsText } from '../register/campaigns';
import { CommitmentView, loadCommitments } from '../register/commitments';
import { reportIssue, ReportIssue } from '../register/reportIssues';

export interface WeeklyReportOptions {
  /** Campaign keys to report on; all campaigns when empty. */
  campaignKeys?: string[];
  /** Any day ('YYYY-MM-DD') of the week to report; default: the last full week by the business clock. */
  week?: string;
  /** Who asked for it, for the activity log when a new 期号 is given. */
  actor?: Actor;
}

/** A request the office can correct (unknown campaign, a week not yet begun); the message is for the user. */
export class ReportRequestError extends Error {}

export interface ReportItem {
  id: number;
  department: string;
  text: string;
  deadline: string | null;
  /** The deadline before an approved extension moved it. */
  originalDeadline: string | null;
  /** Days past the deadline on the report day; 0 unless overdue. */
  daysOverdue: number;
  leaders: string;
  /** The day the office closed it (办结). */
  closedOn: string | null;
  /** Days the reported completion came after the deadline; 0 on time. */
  daysLate: number;
}

export interface RankedDepartment extends DepartmentRow {
  rank: number;
  /** Named in the bulletin (晾晒): it has overdue unfinished items. */
  lagging: boolean;
}

export interface CampaignFigures {
  title: string;
  summary: Summary;
  /** Nothing overdue and nothing due within the look-ahead. */
  nothingDue: boolean;
}

/** Everything the bulletin and its workbook print, already counted. */
export interface ReportData {
  officeName: string;
  issue: ReportIssue;
  weekStart: string;
  weekEnd: string;
  /** The day the figures describe: the day after the week, or today for the current week. */
  asOfDay: string;
  total: Summary;
  campaigns: CampaignFigures[];
  ranking: RankedDepartment[];
  overdue: ReportItem[];
  completed: ReportItem[];
  dueAhead: ReportItem[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function reportedWeek(today: string, week: string | undefined): string {
  if (week === undefined) return addDays(weekStart(today), -7);
  if (!DAY.test(week) || Number.isNaN(Date.parse(`${week}T00:00:00Z`)) || new Date(`${week}T00:00:00Z`).toISOString().slice(0, 10) !== week) {
    throw new ReportRequestError(`“${week}”不是有效日期，请写成 2022-12-19 这样的形式`);
  }
  const start = weekStart(week);
  if (start > today) throw new ReportRequestError(`${week} 所在的一周还没有开始`);
  return start;
}

async function campaignsInScope(app: App, keys: string[]) {
  const all = await loadCampaigns(app.db);
  if (!keys.length) return { scope: '', campaigns: all };
  const unknown = keys.filter((k) => !all.some((c) => c.key === k));
  if (unknown.length) throw new ReportRequestError(unknownCampaignsText(unknown, all));
  const wanted = [...new Set(keys)].sort();
  return { scope: wanted.join(','), campaigns: all.filter((c) => wanted.includes(c.key)) };
}

function reportItem(item: CommitmentView, day: string): ReportItem {
  return {
    id: item.id,
    department: item.departmentName ?? UNASSIGNED_DEPARTMENT,
    text: item.text,
    deadline: item.deadline,
    originalDeadline: item.originalDeadline,
    daysOverdue: isOpen(item) && item.deadline && item.deadline < day ? daysBetween(item.deadline, day) : 0,
    leaders: item.leaders.map((l) => l.name).join('、') || '待核定',
    closedOn: item.approvedAt ? shanghaiDay(item.approvedAt) : null,
    daysLate: item.status === '已办结' ? daysLate(item, completedOn(item)) : 0,
  };
}

/** The figures for one week's bulletin, counted by the same functions as the digest. */
export async function loadReportData(app: App, options: WeeklyReportOptions = {}): Promise<ReportData> {
  const now = app.clock.now();
  const today = shanghaiDay(now);
  const start = reportedWeek(today, options.week);
  const end = addDays(start, 6);
  const { scope, campaigns } = await campaignsInScope(app, options.campaignKeys ?? []);
  // A finished week is described as it stood when it ended; the current one as it stands now.
  const asOfDay = addDays(end, 1) < today ? addDays(end, 1) : today;
  const cutoff = asOfDay === today ? now : startOfShanghaiDay(asOfDay);
  const ids = new Set(campaigns.map((c) => c.id));
  const items = asOf((await loadCommitments(app.db)).filter((i) => ids.has(i.campaignId)), cutoff);

  const ranking = rankDepartments(items, asOfDay).map((row, index) => ({ ...row, rank: index + 1, lagging: row.summary.overdue > 0 }));
  const weekCutoff = endOfShanghaiDay(end) < cutoff ? endOfShanghaiDay(end) : cutoff;
  return {
    officeName: app.config.officeName,
    issue: await reportIssue(app.db, start, scope, today, options.actor ?? systemActor, now),
    weekStart: start,
    weekEnd: end,
    asOfDay,
    total: summarise(items, asOfDay),
    campaigns: campaigns.map((c) => {
      const own = items.filter((i) => i.campaignId === c.id);
      return { title: c.title, summary: summarise(own, asOfDay), nothingDue: !overdueUnfinished(own, asOfDay).length && !dueAhead(own, asOfDay).length };
    }),
    ranking,
    overdue: overdueUnfinished(items, asOfDay).map((i) => reportItem(i, asOfDay)),
    completed: completedBetween(items, startOfShanghaiDay(start), weekCutoff).map((i) => reportItem(i, asOfDay)),
    dueAhead: dueAhead(items, asOfDay).map((i) => reportItem(i, asOfDay)),
  };
}
