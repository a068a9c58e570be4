import type { LifecycleState as CommitmentStatus } from './lifecycle';
import { addDays, daysBetween } from '../clock';
import { completedOn, itemSignal, summarise, Summary } from './itemState';

export interface OverviewFact {
  campaignId: number;
  status: CommitmentStatus;
  deadline: string | null;
  progressPercent: number | null;
  completedAt: Date | null;
  originalDeadline?: string | null;
  startedOn?: string | null;
}

export interface CampaignTotals {
  campaignId: number;
  summary: Summary;
  byStatus: Record<string, number>;
  colours: { red: number; yellow: number; blue: number };
}

export function campaignTotals(facts: OverviewFact[], today: string): CampaignTotals[] {
  const ids = [...new Set(facts.map((f) => f.campaignId))].sort((a, b) => a - b);
  return ids.map((campaignId) => {
    const items = facts.filter((f) => f.campaignId === campaignId);
    const byStatus: Record<string, number> = {};
    const colours = { red: 0, yellow: 0, blue: 0 };
    for (const item of items) {
      byStatus[item.status] = (byStatus[item.status] ?? 0) + 1;
      const { colour } = itemSignal(item, today);
      if (colour === 'red' || colour === 'yellow' || colour === 'blue') colours[colour]++;
    }
    return { campaignId, summary: summarise(items, today), byStatus, colours };
  });
}

export interface WeekPoint {
  /** The Monday the week starts on. */
  weekStart: string;
  completedInWeek: number;
  /** Completion rate (whole percent) at the end of the week. */
  rate: number;
}

/** Completion week over week, the last `weeks` weeks up to the current one (Monday-based, Shanghai days). */
export function weeklyTrend(facts: OverviewFact[], today: string, weeks = 8): WeekPoint[] {
  const weekday = (daysBetween('2024-01-01', today) % 7 + 7) % 7; // 2024-01-01 was a Monday
  const thisMonday = addDays(today, -weekday);
  const completedDays = facts.filter((f) => f.status === '已办结' && f.completedAt).map((f) => completedOn(f)!);
  const points: WeekPoint[] = [];
  for (let k = weeks - 1; k >= 0; k--) {
    const start = addDays(thisMonday, -7 * k);
    const end = addDays(start, 6);
    const doneByEnd = completedDays.filter((d) => d <= end).length;
    points.push({
      weekStart: start,
      completedInWeek: completedDays.filter((d) => d >= start && d <= end).length,
      rate: facts.length ? Math.round((doneByEnd * 100) / facts.length) : 0,
    });
  }
  return points;
}

