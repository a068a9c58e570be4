import type { LifecycleState as CommitmentStatus } from './lifecycle';
import { addDays, daysBetween } from '../clock';
import { SIGNALS, StateCount, summariseCounts, Summary } from './itemState';
import { NO_DEPARTMENT } from './departmentNames';
import { DepartmentRow, rankRows } from './weeklyFigures';

/** Items of one campaign, department and lifecycle status counted by state (as the register counts them). */
export interface CountedGroup extends StateCount {
  campaignId: number;
  departmentName: string | null;
  status: CommitmentStatus;
}

export interface CampaignTotals {
  campaignId: number;
  summary: Summary;
  byStatus: Record<string, number>;
  colours: { red: number; yellow: number; blue: number };
}

export function campaignTotals(groups: CountedGroup[]): CampaignTotals[] {
  const ids = [...new Set(groups.map((g) => g.campaignId))].sort((a, b) => a - b);
  return ids.map((campaignId) => {
    const own = groups.filter((g) => g.campaignId === campaignId);
    const byStatus: Record<string, number> = {};
    const colours = { red: 0, yellow: 0, blue: 0 };
    for (const group of own) {
      byStatus[group.status] = (byStatus[group.status] ?? 0) + group.count;
      const { colour } = SIGNALS[group.state];
      if (colour === 'red' || colour === 'yellow' || colour === 'blue') colours[colour] += group.count;
    }
    return { campaignId, summary: summariseCounts(own), byStatus, colours };
  });
}

/** The 晾晒 ranking from counted groups: the same order as rankDepartments over the items. */
export function rankCountedDepartments(groups: CountedGroup[]): DepartmentRow[] {
  const byName = new Map<string, CountedGroup[]>();
  for (const group of groups) {
    const name = group.departmentName ?? NO_DEPARTMENT;
    const own = byName.get(name);
    if (own) own.push(group);
    else byName.set(name, [group]);
  }
  return rankRows([...byName].map(([name, own]) => ({ name, summary: summariseCounts(own) })));
}

export interface WeekPoint {
  /** The Monday the week starts on. */
  weekStart: string;
  completedInWeek: number;
  /** Completion rate (whole percent) at the end of the week. */
  rate: number;
}

/**
 * Completion week over week, the last `weeks` weeks up to the current one
 * (Monday-based, Shanghai days), from the closed items counted per day they
 * were reported done, out of `total` items.
 */
export function weeklyTrend(completions: { day: string; count: number }[], total: number, today: string, weeks = 8): WeekPoint[] {
  const weekday = (daysBetween('2024-01-01', today) % 7 + 7) % 7; // 2024-01-01 was a Monday
  const thisMonday = addDays(today, -weekday);
  const points: WeekPoint[] = [];
  const sum = (keep: (day: string) => boolean) => completions.reduce((n, c) => n + (keep(c.day) ? c.count : 0), 0);
  for (let k = weeks - 1; k >= 0; k--) {
    const start = addDays(thisMonday, -7 * k);
    const end = addDays(start, 6);
    const doneByEnd = sum((d) => d <= end);
    points.push({
      weekStart: start,
      completedInWeek: sum((d) => d >= start && d <= end),
      rate: total ? Math.round((doneByEnd * 100) / total) : 0,
    });
  }
  return points;
}
