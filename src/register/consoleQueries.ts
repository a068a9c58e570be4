import type { Db } from '../../db/connection';
import { sql } from 'kysely';

export async function listCampaigns(db: Db) {
  return db.selectFrom('campaigns').select(['id', 'key', 'title', 'year']).orderBy('id').execute();
}

export async function listDepartments(db: Db) {
  return db.selectFrom('departments').select(['id', 'name']).orderBy('id').execute();
}

export async function findDepartmentById(db: Db, id: number) {
  return db.selectFrom('departments').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

export async function findLeaderById(db: Db, id: number) {
  return db.selectFrom('leaders').leftJoin('departments', 'departments.id', 'leaders.department_id')
    .select(['leaders.id', 'leaders.name', 'departments.name as departmentName']).where('leaders.id', '=', id).executeTakeFirst();
}

/** Leaders with how many items they answer for, for the 领导 index. */
export async function leadersWithCounts(db: Db) {
  return db.selectFrom('leaders').leftJoin('departments', 'departments.id', 'leaders.department_id')
    .select((eb) => [
      'leaders.id', 'leaders.name', 'departments.name as departmentName',
      eb.selectFrom('commitment_leaders').select(eb.fn.countAll<number>().as('n')).whereRef('commitment_leaders.leader_id', '=', 'leaders.id').as('items'),
    ])
    .orderBy('departments.name').orderBy('leaders.name').execute();
}

/** The latest logged change per item. */
export async function lastActivity(db: Db, ids: number[]): Promise<Map<number, Date>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('activity_log').select(['commitment_id', (eb) => eb.fn.max('at').as('at')])
    .where('commitment_id', 'in', ids).groupBy('commitment_id').execute();
  return new Map(rows.map((r) => [r.commitment_id!, new Date(r.at as unknown as string)]));
}

export async function itemTimeline(db: Db, id: number) {
  return db.selectFrom('activity_log').select(['id', 'at', 'actor_name', 'actor_platform', 'action', 'summary', 'via', 'before', 'after'])
    .where('commitment_id', '=', id).orderBy('at').orderBy('id').execute();
}

export async function itemEvidence(db: Db, id: number) {
  return db.selectFrom('evidence').select(['id', 'kind', 'content', 'file_name', 'mime_type', 'size_bytes', 'actor_name', 'created_at'])
    .where('commitment_id', '=', id).orderBy('created_at').orderBy('id').execute();
}

export async function evidenceRow(db: Db, id: number) {
  return db.selectFrom('evidence').select(['id', 'commitment_id', 'kind', 'file_name', 'file_path', 'mime_type'])
    .where('id', '=', id).executeTakeFirst();
}

export async function progressHistory(db: Db, id: number) {
  return db.selectFrom('progress_reports').select(['id', 'percent', 'value', 'note', 'actor_name', 'created_at'])
    .where('commitment_id', '=', id).orderBy('created_at').orderBy('id').execute();
}

export async function flaggedItemIds(db: Db, departmentId?: number): Promise<number[]> {
  let query = db.selectFrom('commitments').select('id').where('needs_review', '=', true);
  if (departmentId !== undefined) query = query.where('department_id', '=', departmentId);
  return (await query.orderBy('campaign_id').orderBy('id').execute()).map((r) => r.id);
}

export async function flaggedCountsByDepartment(db: Db) {
  return db.selectFrom('commitments').leftJoin('departments', 'departments.id', 'commitments.department_id')
    .select(['commitments.department_id as departmentId', 'departments.name as departmentName', (eb) => eb.fn.countAll<number>().as('n')])
    .where('commitments.needs_review', '=', true)
    .groupBy(['commitments.department_id', 'departments.name']).orderBy('departments.name').execute();
}

/** The printed source of a campaign, when it was uploaded through the console. */
export async function campaignSource(db: Db, campaignId: number) {
  return db.selectFrom('campaign_sources').select(['file_name', 'content']).where('campaign_id', '=', campaignId).executeTakeFirst();
}

export async function storeCampaignSource(db: Db, campaignId: number, fileName: string, content: string, at: Date): Promise<void> {
  await db.insertInto('campaign_sources').values({ campaign_id: campaignId, file_name: fileName, content, stored_at: at })
    .onConflict((oc) => oc.column('campaign_id').doUpdateSet({ file_name: fileName, content, stored_at: at })).execute();
}

export async function campaignById(db: Db, id: number) {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Leaders and liaisons with their chat bindings: the 花名册. */
export async function rosterLeaders(db: Db) {
  return db.selectFrom('leaders').leftJoin('departments', 'departments.id', 'leaders.department_id')
    .select(['leaders.id', 'leaders.name', 'departments.name as departmentName', 'leaders.feishu_open_id', 'leaders.dingtalk_staff_id'])
    .orderBy(sql`(leaders.feishu_open_id is null and leaders.dingtalk_staff_id is null)`, 'desc')
    .orderBy('departments.name').orderBy('leaders.name').execute();
}

export async function rosterLiaisons(db: Db) {
  return db.selectFrom('liaisons').innerJoin('departments', 'departments.id', 'liaisons.department_id')
    .select(['departments.name as departmentName', 'liaisons.platform', 'liaisons.user_id', 'liaisons.display_name'])
    .orderBy('departments.name').execute();
}
