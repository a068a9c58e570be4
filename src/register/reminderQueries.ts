import { ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../../db/connection';
import type { Database, Leader } from '../../db/schema';
import { OPEN_STATES } from '../domain/lifecycle';
import type { ActivityAction } from './activityLog';

/**
 * What the reminder sweep (jobs/reminders.ts) reads, lean: the job decides per
 * distinct deadline, then reads only the qualifying items, without their text.
 */

/** An open item as the escalation sees it. */
export interface RemindableItem {
  id: number;
  departmentId: number | null;
  departmentName: string | null;
  deadline: string | null;
  leaderIds: number[];
  progressPercent: number | null;
  /** The campaign's publication day (else 1 January of its year): where the calendar's progress starts. */
  startedOn: string;
}

/** A pending extension request pauses an item until the office decides (待审核 items are not open). */
const noPendingExtension = ({ not, exists, selectFrom }: ExpressionBuilder<Database, 'commitments'>) =>
  not(exists(selectFrom('extension_requests').select('id')
    .whereRef('extension_requests.commitment_id', '=', 'commitments.id').where('extension_requests.status', '=', 'pending')));

/** The distinct deadlines of open items, up to a day (inclusive) or before a day. */
export async function openDeadlines(db: Db, range: { upTo: string } | { before: string }): Promise<string[]> {
  let query = db.selectFrom('commitments').select('deadline').distinct()
    .where('status', 'in', OPEN_STATES).where('deadline', 'is not', null);
  query = 'upTo' in range ? query.where('deadline', '<=', range.upTo) : query.where('deadline', '<', range.before);
  return (await query.execute()).map((d) => d.deadline!);
}

/**
 * Open items with these deadlines or ids, not paused by a pending extension
 * request, by id; `unless`: leaving out items the activity log already has
 * that entry for (a 红色督办单 goes out once).
 */
export async function remindableItems(db: Db, which: { deadlines: string[] } | { ids: number[] }, unless?: ActivityAction): Promise<RemindableItem[]> {
  const deadlines = 'deadlines' in which ? which.deadlines : undefined;
  const ids = 'ids' in which ? which.ids : undefined;
  if (!deadlines?.length && !ids?.length) return [];
  let query = db.selectFrom('commitments')
    .leftJoin('departments', 'departments.id', 'commitments.department_id')
    .select(['commitments.id', 'commitments.department_id', 'commitments.deadline', 'commitments.progress_percent', 'departments.name',
      sql<string>`(select coalesce(to_char(c.published_on, 'YYYY-MM-DD'), c.year || '-01-01') from campaigns c where c.id = commitments.campaign_id)`.as('started_on')])
    .where('commitments.status', 'in', OPEN_STATES).where(noPendingExtension);
  query = deadlines ? query.where('commitments.deadline', 'in', deadlines) : query.where('commitments.id', 'in', ids!);
  if (unless) {
    query = query.where(({ not, exists, selectFrom }) => not(exists(selectFrom('activity_log').select('activity_log.id')
      .whereRef('activity_log.commitment_id', '=', 'commitments.id').where('activity_log.action', '=', unless))));
  }
  const rows = await query.orderBy('commitments.id').execute();
  const leaderIds = new Map<number, number[]>();
  for (let i = 0; i < rows.length; i += 5000) {
    const links = await db.selectFrom('commitment_leaders').select(['commitment_id', 'leader_id'])
      .where('commitment_id', 'in', rows.slice(i, i + 5000).map((r) => r.id)).orderBy('position').execute();
    for (const link of links) (leaderIds.get(link.commitment_id) ?? leaderIds.set(link.commitment_id, []).get(link.commitment_id)!).push(link.leader_id);
  }
  return rows.map((r) => ({
    id: r.id, departmentId: r.department_id, departmentName: r.name, deadline: r.deadline, progressPercent: r.progress_percent,
    startedOn: r.started_on, leaderIds: leaderIds.get(r.id) ?? [],
  }));
}

/** 交办 items nobody has 签收ed yet, with when they were assigned. */
export async function awaitingAcknowledgement(db: Db): Promise<{ id: number; assignedAt: Date }[]> {
  const rows = await db.selectFrom('commitments').select(['id', 'created_at']).where('status', '=', '待签收').execute();
  return rows.map((r) => ({ id: r.id, assignedAt: new Date(r.created_at) }));
}

/** Every leader, with their accounts: the sweep addresses each leader's card from these. */
export async function allLeaders(db: Db): Promise<Leader[]> {
  return db.selectFrom('leaders').selectAll().execute();
}
