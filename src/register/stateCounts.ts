import type { Db } from '../../db/connection';
import { RawBuilder, sql } from 'kysely';
import type { CommitmentStatus } from '../../db/schema';
import { addDays } from '../clock';
import { DUE_SOON_DAYS, ItemState, LAG_POINTS, StateCount, URGENT_DAYS } from '../domain/itemState';

/** Items of one campaign, department and lifecycle status counted by state. */
export interface StateCountRow extends StateCount {
  campaignId: number;
  departmentId: number | null;
  departmentName: string | null;
  status: CommitmentStatus;
}

/**
 * itemState (src/domain/itemState.ts) as SQL over `commitments c` joined to
 * its campaign `k`, so the console counts 10,000 items in the database rather
 * than loading them. It must decide exactly as itemState does, branch for
 * branch: tests/register/stateCounts.test.ts holds the two equal item by item
 * across dates. The day an item was reported done is its Shanghai day (UTC+8,
 * as shanghaiDay); "behind the calendar" is computed in float8, as in JavaScript.
 */
export function stateSql(today: string): RawBuilder<ItemState> {
  const startedOn = sql`coalesce(k.published_on, make_date(k.year, 1, 1))`;
  const lagging = sql`c.progress_percent is not null and c.deadline - ${startedOn} > 0 and ${today}::date - ${startedOn} > 0
    and c.progress_percent + ${LAG_POINTS} < ((${today}::date - ${startedOn})::float8 / (c.deadline - ${startedOn})::float8) * 100`;
  return sql<ItemState>`case
    when c.status = '已办结' then case when c.deadline is not null and c.completed_at is not null
      and ((c.completed_at at time zone 'UTC') + interval '8 hours')::date > c.deadline then 'done_late' else 'done' end
    when c.status = '待审核' then 'review'
    when c.deadline < ${today}::date then 'overdue'
    when c.deadline <= ${addDays(today, URGENT_DAYS)}::date then 'due_very_soon'
    when ${lagging} then 'lagging'
    when c.deadline <= ${addDays(today, DUE_SOON_DAYS)}::date then 'due_soon'
    when c.status = '待签收' then 'unacknowledged'
    when c.progress_percent is not null then 'in_progress'
    else 'pending' end`;
}

/** Items of one department, or one leader's; all without either. */
export interface ItemScope {
  departmentId?: number;
  leaderId?: number;
}

/** The conditions of a scope over `commitments c`. */
export function scopeConditions(scope: ItemScope): RawBuilder<unknown>[] {
  return [
    ...(scope.departmentId === undefined ? [] : [sql`c.department_id = ${scope.departmentId}`]),
    ...(scope.leaderId === undefined ? [] : [sql`c.id in (select commitment_id from commitment_leaders where leader_id = ${scope.leaderId})`]),
  ];
}

/** WHERE all of `conditions` (nothing when there are none). */
export function whereAll(conditions: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
}

/** Every item counted by campaign, department, status and its state on `today`: a few rows per department. */
export async function countStates(db: Db, today: string, scope: ItemScope = {}): Promise<StateCountRow[]> {
  const soon = addDays(today, DUE_SOON_DAYS);
  const { rows } = await sql<{ campaign_id: number; department_id: number | null; department_name: string | null; status: CommitmentStatus; state: ItemState; n: number; extended: number; within_week: number }>`
    select s.campaign_id, s.department_id, d.name as department_name, s.status, s.state,
      count(*)::int as n, count(*) filter (where s.original_deadline is not null)::int as extended,
      count(*) filter (where s.deadline <= ${soon}::date)::int as within_week
    from (
      select c.campaign_id, c.department_id, c.status, c.deadline, c.original_deadline, ${stateSql(today)} as state
      from commitments c join campaigns k on k.id = c.campaign_id
      ${whereAll(scopeConditions(scope))}
    ) s left join departments d on d.id = s.department_id
    group by s.campaign_id, s.department_id, d.name, s.status, s.state`.execute(db);
  return rows.map((r) => ({
    campaignId: r.campaign_id, departmentId: r.department_id, departmentName: r.department_name, status: r.status,
    state: r.state, count: Number(r.n), extended: Number(r.extended), withinWeek: Number(r.within_week),
  }));
}

/** Items closed (已办结) per Shanghai day they were reported done, for the weekly trend. */
export async function completionsByDay(db: Db): Promise<{ day: string; count: number }[]> {
  const { rows } = await sql<{ day: string; n: number }>`
    select to_char(((completed_at at time zone 'UTC') + interval '8 hours')::date, 'YYYY-MM-DD') as day, count(*)::int as n
    from commitments where status = '已办结' and completed_at is not null group by 1 order by 1`.execute(db);
  return rows.map((r) => ({ day: r.day, count: Number(r.n) }));
}
