import { Kysely, sql } from 'kysely';

/**
 * The office's loop (#13): four states enforced by a CHECK, the timestamps of
 * each step, 交办 fields (source, co-organising departments), the original
 * deadline kept when an extension moves it, and extension requests as records.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table commitments drop constraint if exists commitments_status_check`.execute(db);
  // Yesterday's states: done stays done (已办结, as approved); everything else is being worked on.
  await sql`update commitments set status = case when status = 'done' then '已办结' else '办理中' end`.execute(db);
  await sql`alter table commitments alter column status set default '办理中'`.execute(db);
  await sql`alter table commitments add constraint commitments_state_check check (status in ('待签收','办理中','待审核','已办结'))`.execute(db);
  await db.schema.alterTable('commitments')
    .addColumn('original_deadline', 'date')
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('公开承诺'))
    .addColumn('co_department_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  // Items already done were closed by the office's own hand under the old rules.
  await sql`update commitments set approved_at = completed_at where status = '已办结'`.execute(db);

  await db.schema
    .createTable('extension_requests')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id'))
    .addColumn('requested_deadline', 'date', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('after_deadline', 'boolean', (c) => c.notNull())
    .addColumn('requested_by_platform', 'text', (c) => c.notNull())
    .addColumn('requested_by_id', 'text', (c) => c.notNull())
    .addColumn('requested_by_name', 'text')
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending','granted','denied')`))
    .addColumn('granted_deadline', 'date')
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text')
    .execute();
  // At most one open request per item: a second one is refused, not queued.
  await sql`create unique index extension_requests_one_pending on extension_requests (commitment_id) where status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('extension_requests').ifExists().execute();
  await sql`alter table commitments drop constraint if exists commitments_state_check`.execute(db);
  await db.schema.alterTable('commitments')
    .dropColumn('original_deadline').dropColumn('acknowledged_at').dropColumn('approved_at')
    .dropColumn('source').dropColumn('co_department_ids')
    .execute();
  await sql`update commitments set status = case when status = '已办结' then 'done' else 'in_progress' end`.execute(db);
  await sql`alter table commitments alter column status set default 'pending'`.execute(db);
  await sql`alter table commitments add constraint commitments_status_check check (status in ('pending','in_progress','done'))`.execute(db);
}
