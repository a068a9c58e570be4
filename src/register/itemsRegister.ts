import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { completedOn } from '../domain/itemState';
import { lateAgainstOriginal, LifecycleState } from '../domain/lifecycle';
import { loadCommitments } from './commitments';
import { pendingExtensions } from './extensions';
import { unknownCampaignsText } from './campaigns';

/** One element of `cli items --json`: the stable contract for scripts and the office's own checks. */
export interface RegisterItem {
  id: number;
  campaign: string;
  department: string | null;
  seq: number | null;
  text: string;
  state: LifecycleState;
  deadline: string | null;
  originalDeadline: string | null;
  leaders: string[];
  coDepartments: string[];
  source: string;
  progress: number | null;
  acknowledgedAt: string | null;
  reportedDoneAt: string | null;
  approvedAt: string | null;
  late: boolean;
  pendingExtension: { requestedDeadline: string; reason: string; requestedBy: string } | null;
}

export class UnknownFilterError extends Error {}

export async function registerItems(db: Kysely<Database>, filter: { campaignKey?: string; departmentName?: string }, today: string): Promise<RegisterItem[]> {
  const campaigns = await db.selectFrom('campaigns').select(['id', 'key']).execute();
  const departments = new Map((await db.selectFrom('departments').select(['id', 'name']).execute()).map((d) => [d.id, d.name]));
  let campaignId: number | undefined;
  if (filter.campaignKey !== undefined) {
    campaignId = campaigns.find((c) => c.key === filter.campaignKey)?.id;
    if (campaignId === undefined) throw new UnknownFilterError(unknownCampaignsText([filter.campaignKey], campaigns));
  }
  const items = await loadCommitments(db, { campaignId, departmentNamed: filter.departmentName });
  if (filter.departmentName !== undefined && !items.length && ![...departments.values()].includes(filter.departmentName)) {
    throw new UnknownFilterError(`没有部门“${filter.departmentName}”（请写部门全称或已登记的别名）`);
  }
  const pending = new Map((await pendingExtensions(db, items.map((i) => i.id))).map((p) => [p.commitmentId, p]));
  const keys = new Map(campaigns.map((c) => [c.id, c.key]));
  const iso = (at: Date | null) => (at ? at.toISOString() : null);
  return items.map((i) => {
    const extension = pending.get(i.id);
    return {
      id: i.id,
      campaign: keys.get(i.campaignId)!,
      department: i.departmentName,
      seq: i.seq,
      text: i.text,
      state: i.status,
      deadline: i.deadline,
      originalDeadline: i.originalDeadline,
      leaders: i.leaders.map((l) => l.name),
      coDepartments: i.coDepartmentIds.map((id) => departments.get(id) ?? String(id)),
      source: i.source,
      progress: i.progressPercent,
      acknowledgedAt: iso(i.acknowledgedAt),
      reportedDoneAt: iso(i.completedAt),
      approvedAt: iso(i.approvedAt),
      late: lateAgainstOriginal(i, completedOn(i), today),
      pendingExtension: extension ? { requestedDeadline: extension.requestedDeadline, reason: extension.reason, requestedBy: extension.requestedBy } : null,
    };
  });
}
