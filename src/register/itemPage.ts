import { Kysely, RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema';
import { ListingQuery, PAGE_SIZE, STATE_ORDER, statesOfColour } from '../domain/itemListing';
import { ItemScope, scopeConditions, stateSql, whereAll } from './stateCounts';

type Db = Kysely<Database>;

export interface ItemPage {
  /** The page's items, in order. */
  ids: number[];
  /** Items matching the filters. */
  total: number;
  page: number;
  pages: number;
  /** Items of the scope flagged 待核定, filters aside. */
  flagged: number;
}

/**
 * One page of a department's or leader's items, filtered, searched and sorted
 * in the database (the console's 部门 and 领导 pages), so a page of 50 loads 50
 * items however many the department has. State and colour are itemState's,
 * through stateSql; ties are broken by id, ascending.
 */
export async function pageOfItems(db: Db, scope: ItemScope, query: ListingQuery, today: string): Promise<ItemPage> {
  const state = stateSql(today);
  const filters: RawBuilder<unknown>[] = [];
  if (query.state) filters.push(sql`${state} = ${query.state}`);
  if (query.overdue) filters.push(sql`${state} = 'overdue'`);
  if (query.review) filters.push(sql`c.needs_review`);
  if (query.campaignId !== undefined) filters.push(sql`c.campaign_id = ${query.campaignId}`);
  if (query.colour) filters.push(sql`${state} = any(${statesOfColour(query.colour)}::text[])`);
  const needle = query.search?.trim().toLowerCase();
  if (needle) filters.push(sql`(strpos(lower(c.text), ${needle}) > 0 or c.id::text = ${needle})`);
  const from = sql`from commitments c join campaigns k on k.id = c.campaign_id`;
  const matching = filters.length ? sql.join(filters, sql` and `) : sql`true`;

  const { rows: [counts] } = await sql<{ total: number; flagged: number }>`
    select count(*) filter (where ${matching})::int as total, count(*) filter (where c.needs_review)::int as flagged
    ${from} ${whereAll(scopeConditions(scope))}`.execute(db);
  const total = Number(counts.total);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, query.page), pages);

  const key = {
    deadline: sql`coalesce(c.deadline, '9999-12-31'::date)`,
    progress: sql`coalesce(c.progress_percent, -1)`,
    activity: sql`coalesce((select max(a.at) from activity_log a where a.commitment_id = c.id), 'epoch'::timestamptz)`,
    state: sql`array_position(${STATE_ORDER}::text[], ${state})`,
    id: sql`c.id`,
  }[query.sort];
  const { rows } = await sql<{ id: number }>`
    select c.id ${from} ${whereAll([...scopeConditions(scope), ...filters])}
    order by ${key} ${query.descending ? sql`desc` : sql`asc`}, c.id asc
    limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`.execute(db);
  return { ids: rows.map((r) => r.id), total, page, pages, flagged: Number(counts.flagged) };
}
