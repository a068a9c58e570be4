import { Kysely, sql } from 'kysely';
import type { CommitmentStatus, Database } from '../../db/schema';

type Db = Kysely<Database>;

/** A commitment with what every view needs: department name and leaders. */
export interface CommitmentView {
  id: number;
  campaignId: number;
  departmentId: number | null;
  departmentName: string | null;
  departmentHeading: string | null;
  seq: number | null;
  category: string | null;
  text: string;
  deadline: string | null;
  deadlineText: string | null;
  status: CommitmentStatus;
  progressPercent: number | null;
  needsReview: boolean;
  reviewReasons: string[];
  completedAt: Date | null;
  updatedAt: Date;
  sourceKey: string;
  leaders: { id: number; name: string }[];
}

export interface CommitmentFilter {
  ids?: number[];
  campaignId?: number;
  departmentId?: number;
  leaderId?: number;
  departmentIds?: number[];
  statusNot?: CommitmentStatus;
  /** Only items with a deadline on or before this day. */
  deadlineUntil?: string;
}

export async function loadCommitments(db: Db, filter: CommitmentFilter = {}): Promise<CommitmentView[]> {
  let query = db
    .selectFrom('commitments')
    .leftJoin('departments', 'departments.id', 'commitments.department_id')
    .selectAll('commitments')
    .select('departments.name as department_name')
    // One round trip: each item's leaders, in printed order, as JSON.
    .select(sql<{ id: number; name: string }[]>`coalesce((
      select json_agg(json_build_object('id', l.id, 'name', l.name) order by cl.position)
      from commitment_leaders cl join leaders l on l.id = cl.leader_id
      where cl.commitment_id = commitments.id), '[]'::json)`.as('leaders'));
  if (filter.ids) query = query.where('commitments.id', 'in', filter.ids.length ? filter.ids : [-1]);
  if (filter.campaignId !== undefined) query = query.where('commitments.campaign_id', '=', filter.campaignId);
  if (filter.departmentId !== undefined) query = query.where('commitments.department_id', '=', filter.departmentId);
  if (filter.departmentIds) query = query.where('commitments.department_id', 'in', filter.departmentIds.length ? filter.departmentIds : [-1]);
  if (filter.statusNot) query = query.where('commitments.status', '!=', filter.statusNot);
  if (filter.deadlineUntil) query = query.where('commitments.deadline', '<=', filter.deadlineUntil);
  if (filter.leaderId !== undefined) {
    const leaderId = filter.leaderId;
    query = query.where('commitments.id', 'in', (eb) =>
      eb.selectFrom('commitment_leaders').select('commitment_id').where('leader_id', '=', leaderId),
    );
  }
  const rows = await query.orderBy('commitments.campaign_id').orderBy('commitments.id').execute();
  return rows.map((r) => ({
    id: r.id,
    campaignId: r.campaign_id,
    departmentId: r.department_id,
    departmentName: r.department_name,
    departmentHeading: r.department_heading,
    seq: r.seq,
    category: r.category,
    text: r.text,
    deadline: r.deadline,
    deadlineText: r.deadline_text,
    status: r.status,
    progressPercent: r.progress_percent,
    needsReview: r.needs_review,
    reviewReasons: r.review_reasons,
    completedAt: r.completed_at,
    updatedAt: r.updated_at,
    sourceKey: r.source_key,
    leaders: typeof r.leaders === 'string' ? JSON.parse(r.leaders) : r.leaders,
  }));
}

export async function loadCommitment(db: Db, id: number): Promise<CommitmentView | undefined> {
  return (await loadCommitments(db, { ids: [id] }))[0];
}
