import type { Kysely } from 'kysely';
import type { CommitmentStatus, Database } from '../../db/schema';
import type { ParsedCommitment } from '../ingest/types';

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
    .select('departments.name as department_name');
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
  const leadersOf = await leadersByCommitment(db, rows.map((r) => r.id));
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
    leaders: leadersOf.get(r.id) ?? [],
  }));
}

/** Each item's leaders in printed order, fetched in chunks (a list of 100k ids is too much for one statement). */
async function leadersByCommitment(db: Db, ids: number[]): Promise<Map<number, { id: number; name: string }[]>> {
  const leadersOf = new Map<number, { id: number; name: string }[]>();
  for (let i = 0; i < ids.length; i += 5000) {
    const links = await db.selectFrom('commitment_leaders')
      .innerJoin('leaders', 'leaders.id', 'commitment_leaders.leader_id')
      .select(['commitment_leaders.commitment_id', 'leaders.id', 'leaders.name'])
      .where('commitment_leaders.commitment_id', 'in', ids.slice(i, i + 5000))
      .orderBy('commitment_leaders.commitment_id').orderBy('commitment_leaders.position')
      .execute();
    for (const link of links) {
      (leadersOf.get(link.commitment_id) ?? leadersOf.set(link.commitment_id, []).get(link.commitment_id)!).push({ id: link.id, name: link.name });
    }
  }
  return leadersOf;
}

export async function loadCommitment(db: Db, id: number): Promise<CommitmentView | undefined> {
  return (await loadCommitments(db, { ids: [id] }))[0];
}

/** An item as stored, in the shape of a parse (the import contract): what exports write and re-imports compare. */
export function asParsed(item: CommitmentView): ParsedCommitment {
  return {
    department: item.departmentHeading,
    seq: item.seq ?? 0,
    category: item.category,
    text: item.text,
    deadline: item.deadline,
    deadlineText: item.deadlineText ?? '',
    leaders: item.leaders.map((l) => l.name),
    needsReview: item.needsReview,
    reviewReasons: item.reviewReasons,
  };
}
