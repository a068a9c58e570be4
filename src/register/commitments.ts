import type { Db } from '../../db/connection';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { CommitmentStatus } from '../../db/schema';
import type { ParsedCommitment } from '../ingest/types';
import { departmentNamed } from './departments';

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
  /** When the unit reported it done. */
  completedAt: Date | null;
  originalDeadline: string | null;
  acknowledgedAt: Date | null;
  approvedAt: Date | null;
  source: string;
  coDepartmentIds: number[];
  createdAt: Date;
  updatedAt: Date;
  /** Where the item's calendar starts, for "progress behind the calendar" (序时进度): its list's publication day, else 1 January of its year. */
  startedOn: string;
  sourceKey: string;
  leaders: { id: number; name: string }[];
}

export interface CommitmentFilter {
  ids?: number[];
  campaignId?: number;
  departmentId?: number;
  /** A department by its exact name or alias, resolved inside the same statement. */
  departmentNamed?: string;
  leaderId?: number;
  departmentIds?: number[];
  statuses?: CommitmentStatus[];
  /** Only items no department is known for. */
  withoutDepartment?: boolean;
  /** Only items with a deadline on or before this day. */
  deadlineUntil?: string;
}

/**
 * The items matching `filter`, in one statement whose result is one JSON value:
 * decoding one field instead of eighteen per row is what keeps /status fast on PGlite.
 */
export async function loadCommitments(db: Db, filter: CommitmentFilter = {}): Promise<CommitmentView[]> {
  const { items } = await commitmentsStatement(db, filter).executeTakeFirstOrThrow();
  return items.map((r) => ({
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
    completedAt: asDate(r.completed_at),
    originalDeadline: r.original_deadline,
    acknowledgedAt: asDate(r.acknowledged_at),
    approvedAt: asDate(r.approved_at),
    source: r.source,
    coDepartmentIds: r.co_department_ids,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    startedOn: r.started_on,
    sourceKey: r.source_key,
    leaders: r.leaders,
  }));
}

const asDate = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

/** The statement behind loadCommitments; the bench times it bare. */
export function commitmentsStatement(db: Db, filter: CommitmentFilter) {
  return db.selectNoFrom(jsonArrayFrom(commitmentRows(db, filter)).as('items'));
}

function commitmentRows(db: Db, filter: CommitmentFilter) {
  let query = db
    .selectFrom('commitments')
    .leftJoin('departments', 'departments.id', 'commitments.department_id')
    .select([
      'commitments.id', 'commitments.campaign_id', 'commitments.department_id', 'commitments.department_heading',
      'commitments.seq', 'commitments.category', 'commitments.text', 'commitments.deadline', 'commitments.deadline_text',
      'commitments.status', 'commitments.progress_percent', 'commitments.needs_review', 'commitments.review_reasons',
      'commitments.completed_at', 'commitments.updated_at', 'commitments.source_key',
      'commitments.created_at', 'commitments.original_deadline', 'commitments.acknowledged_at', 'commitments.approved_at', 'commitments.source', 'commitments.co_department_ids',
      sql<string>`(select coalesce(to_char(c.published_on, 'YYYY-MM-DD'), c.year || '-01-01') from campaigns c where c.id = commitments.campaign_id)`.as('started_on'),
      'departments.name as department_name',
      // Leaders in printed order, in the same statement: /status is one round trip.
      sql<{ id: number; name: string }[]>`coalesce((
        select json_agg(json_build_object('id', l.id, 'name', l.name) order by cl.position)
        from commitment_leaders cl join leaders l on l.id = cl.leader_id
        where cl.commitment_id = commitments.id), '[]'::json)`.as('leaders'),
    ]);
  if (filter.ids) query = query.where('commitments.id', 'in', filter.ids.length ? filter.ids : [-1]);
  if (filter.campaignId !== undefined) query = query.where('commitments.campaign_id', '=', filter.campaignId);
  if (filter.departmentId !== undefined) query = query.where('commitments.department_id', '=', filter.departmentId);
  if (filter.departmentNamed !== undefined) {
    const named = filter.departmentNamed;
    query = query.where('commitments.department_id', '=', (eb) => eb.selectFrom('departments').select('id').where(departmentNamed(named)).limit(1));
  }
  if (filter.departmentIds) query = query.where('commitments.department_id', 'in', filter.departmentIds.length ? filter.departmentIds : [-1]);
  if (filter.statuses) query = query.where('commitments.status', 'in', filter.statuses);
  if (filter.withoutDepartment) query = query.where('commitments.department_id', 'is', null);
  if (filter.deadlineUntil) query = query.where('commitments.deadline', '<=', filter.deadlineUntil);
  if (filter.leaderId !== undefined) {
    const leaderId = filter.leaderId;
    query = query.where('commitments.id', 'in', (eb) =>
      eb.selectFrom('commitment_leaders').select('commitment_id').where('leader_id', '=', leaderId),
    );
  }
  return query.orderBy('commitments.campaign_id').orderBy('commitments.id');
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

export async function evidenceCountOf(db: Db, id: number): Promise<number> {
  const { n } = await db.selectFrom('evidence').select((eb) => eb.fn.countAll<string>().as('n')).where('commitment_id', '=', id).executeTakeFirstOrThrow();
  return Number(n);
}
