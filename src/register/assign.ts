import type { Db } from '../../db/connection';
import type { Actor } from '../domain/actor';
import { ASSIGNED_STATE } from '../domain/lifecycle';
import { AdminSettings } from '../domain/permissions';
import { isAdmin } from './accounts';
import { logActivity } from './activityLog';
import { findLeadersByName, LeaderWithDepartment } from './leaders';
import type { Outcome } from './lifecycle';

/** Where ad-hoc work (领导批示, 会议议定, 督查发现, 群众反映) comes from; published lists are 公开承诺. */
export const ASSIGN_SOURCES = ['领导批示', '会议议定', '督查发现', '群众反映'] as const;

export interface Assignment {
  /** The lead department (牵头单位) first, then co-organisers (协办单位). */
  departments: { id: number; name: string }[];
  text: string;
  deadline: string;
  deadlineText: string;
  leaderIds: number[];
  source: string;
  /** Default: the year's standing 交办 campaign, created on first use. */
  campaignKey?: string;
}

/** The leader a name means on an assignment, or why it means none. */
export type NamedLeader =
  | { kind: 'found'; leader: LeaderWithDepartment }
  | { kind: 'unknown' }
  | { kind: 'ambiguous'; namesakes: LeaderWithDepartment[] };

/** Namesakes in other units are other people: the one in an assigned department, else the only one. */
export async function leaderForAssignment(db: Db, name: string, departmentIds: number[]): Promise<NamedLeader> {
  const namesakes = await findLeadersByName(db, name);
  if (!namesakes.length) return { kind: 'unknown' };
  const inUnits = namesakes.filter((l) => l.department_id !== null && departmentIds.includes(l.department_id));
  const leader = inUnits.length === 1 ? inUnits[0] : namesakes.length === 1 ? namesakes[0] : undefined;
  return leader ? { kind: 'found', leader } : { kind: 'ambiguous', namesakes };
}

export const standingCampaignKey = (year: number) => `jiaoban-${year}`;

/** 交办: the office creates an item, 待签收 until the unit acknowledges it. */
export async function assignItem(db: Db, actor: Actor, at: Date, input: Assignment, settings: AdminSettings): Promise<Outcome & { id?: number }> {
  if (!(await isAdmin(db, settings, actor))) return { ok: false, refusal: 'forbidden', message: '只有督查室可以交办事项' };
  const year = Number(input.deadline.slice(0, 4));
  const key = input.campaignKey ?? standingCampaignKey(year);
  return db.transaction().execute(async (trx) => {
    await trx.insertInto('campaigns')
      .values({ key, title: `${year}年交办事项`, source_document: '交办', year })
      .onConflict((oc) => oc.column('key').doNothing()).execute();
    // The campaign row lock numbers concurrent assignments one after the other.
    const campaign = await trx.selectFrom('campaigns').select('id').where('key', '=', key).forUpdate().executeTakeFirstOrThrow();
    const { max } = await trx.selectFrom('commitments').select((eb) => eb.fn.max('seq').as('max')).where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow();
    const seq = Number(max ?? 0) + 1;
    const [lead, ...co] = input.departments;
    const { id } = await trx.insertInto('commitments').values({
      campaign_id: campaign.id, source_key: `assign-${seq}`, department_id: lead.id, department_heading: lead.name, seq, category: null,
      text: input.text, deadline: input.deadline, deadline_text: input.deadlineText, status: ASSIGNED_STATE, progress_percent: null,
      needs_review: false, review_reasons: '[]', updated_at: at, created_at: at, source: input.source,
      co_department_ids: JSON.stringify(co.map((d) => d.id)),
    }).returning('id').executeTakeFirstOrThrow();
    if (input.leaderIds.length) {
      await trx.insertInto('commitment_leaders').values(input.leaderIds.map((leaderId, position) => ({ commitment_id: id, leader_id: leaderId, position }))).execute();
    }
    await logActivity(trx, {
      actor, at, action: 'assign', commitmentId: id, campaignId: campaign.id,
      summary: `交办（${input.source}）：牵头单位 ${lead.name}${co.length ? `，协办单位 ${co.map((d) => d.name).join('、')}` : ''}，时限 ${input.deadline}`,
      after: { text: input.text, deadline: input.deadline, source: input.source, departments: input.departments.map((d) => d.id), leaders: input.leaderIds },
    });
    return { ok: true, state: ASSIGNED_STATE, id };
  });
}

export async function departmentNames(db: Db, ids: number[]): Promise<string[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('departments').select(['id', 'name']).where('id', 'in', ids).execute();
  return ids.map((id) => rows.find((r) => r.id === id)?.name ?? `#${id}`);
}
