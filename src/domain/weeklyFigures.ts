import { addDays } from '../clock';
import { NO_DEPARTMENT } from './departmentNames';
import { isOpen, StateInput, summarise, Summary } from './itemState';

/**
 * The figures every weekly view (the digest card, the 督查通报 document and its
 * workbook) is cut from, so that they always agree.
 */
export interface ReportableItem extends StateInput {
  id: number;
  campaignId: number;
  departmentName: string | null;
  /** When the unit reported it done. */
  completedAt: Date | null;
  /** When the office approved it (办结/销号). */
  approvedAt: Date | null;
}

export const UNASSIGNED_DEPARTMENT = NO_DEPARTMENT;
export const DUE_AHEAD_DAYS = 14;

export interface DepartmentRow {
  name: string;
  summary: Summary;
}

const departmentOf = (item: ReportableItem) => item.departmentName ?? UNASSIGNED_DEPARTMENT;

/** Departments ranked (晾晒): completion rate, then fewer overdue, then name. */
export function rankDepartments<T extends ReportableItem>(items: T[], today: string): DepartmentRow[] {
  const byName = new Map<string, T[]>();
  for (const item of items) {
    const name = departmentOf(item);
    const own = byName.get(name);
    if (own) own.push(item);
    else byName.set(name, [item]);
  }
  return rankRows([...byName].map(([name, own]) => ({ name, summary: summarise(own, today) })));
}

/** The 晾晒 order of departments already summarised. */
export function rankRows(rows: DepartmentRow[]): DepartmentRow[] {
  return [...rows].sort((a, b) => b.summary.rate - a.summary.rate || a.summary.overdue - b.summary.overdue || a.name.localeCompare(b.name, 'zh'));
}

/** Per campaign, in the order campaigns first appear. */
export function summariseByCampaign<T extends ReportableItem>(items: T[], today: string): { campaignId: number; summary: Summary }[] {
  return [...new Set(items.map((i) => i.campaignId))].map((campaignId) => ({
    campaignId,
    summary: summarise(items.filter((i) => i.campaignId === campaignId), today),
  }));
}

/** Items the office closed (已办结) in [from, to]: 办结 is its approval, not the unit's report. */
export function completedBetween<T extends ReportableItem>(items: T[], from: Date, to: Date): T[] {
  return items.filter((i) => i.status === '已办结' && i.approvedAt && i.approvedAt >= from && i.approvedAt <= to);
}

/** Unfinished items due from `today` to `days` days ahead, nearest first. */
export function dueAhead<T extends ReportableItem>(items: T[], today: string, days = DUE_AHEAD_DAYS): T[] {
  const until = addDays(today, days);
  return items.filter((i) => isOpen(i) && i.deadline && i.deadline >= today && i.deadline <= until)
    .sort((a, b) => a.deadline!.localeCompare(b.deadline!) || a.id - b.id);
}

/** Unfinished items past their deadline, most overdue first. */
export function overdueUnfinished<T extends ReportableItem>(items: T[], today: string): T[] {
  return items.filter((i) => isOpen(i) && i.deadline && i.deadline < today)
    .sort((a, b) => a.deadline!.localeCompare(b.deadline!) || a.id - b.id);
}

/**
 * The register as it stood at `cutoff`: an item reported or approved later
 * counts as still in hand, so a past week's report shows that week's numbers.
 * (An extension approved later is not undone: its history is not kept here.)
 */
export function asOf<T extends ReportableItem>(items: T[], cutoff: Date): T[] {
  return items.map((item) => {
    const reportedLater = !!item.completedAt && item.completedAt > cutoff;
    const approvedLater = !!item.approvedAt && item.approvedAt > cutoff;
    if (!reportedLater && !approvedLater) return item;
    return reportedLater
      ? { ...item, status: '办理中', completedAt: null, approvedAt: null }
      : { ...item, status: '待审核', approvedAt: null };
  });
}
