import { Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('source_document', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('published_on', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('departments')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('department_aliases')
    .addColumn('alias', 'text', (c) => c.primaryKey())
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id').onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('leaders')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('feishu_open_id', 'text', (c) => c.unique())
    .addColumn('dingtalk_staff_id', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('bind_requests')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('leader_id', 'integer', (c) => c.notNull().references('leaders.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','approved','rejected')`))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('liaisons')
    .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addPrimaryKeyConstraint('liaisons_pk', ['department_id', 'platform', 'user_id'])
    .execute();

  await db.schema
    .createTable('admins')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addPrimaryKeyConstraint('admins_pk', ['platform', 'user_id'])
    .execute();

  await db.schema
    .createTable('commitments')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
    .addColumn('department_heading', 'text')
    .addColumn('seq', 'integer')
    .addColumn('category', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('deadline', 'date')
    .addColumn('deadline_text', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending','in_progress','done')`),
    )
    .addColumn('progress_percent', 'integer')
    .addColumn('needs_review', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('review_reasons', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .addUniqueConstraint('commitments_source_unique', ['campaign_id', 'source_key'])
    .execute();
  await db.schema.createIndex('commitments_department_idx').on('commitments').column('department_id').execute();
  await db.schema.createIndex('commitments_deadline_idx').on('commitments').columns(['status', 'deadline']).execute();

  await db.schema
    .createTable('commitment_leaders')
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('leader_id', 'integer', (c) => c.notNull().references('leaders.id'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('commitment_leaders_pk', ['commitment_id', 'leader_id'])
    .execute();
  await db.schema.createIndex('commitment_leaders_leader_idx').on('commitment_leaders').column('leader_id').execute();

  await db.schema
    .createTable('progress_reports')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id'))
    .addColumn('actor_platform', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text')
    .addColumn('percent', 'integer')
    .addColumn('value', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('evidence')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id'))
    .addColumn('actor_platform', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('text','link','file','image')`))
    .addColumn('content', 'text')
    .addColumn('file_name', 'text')
    .addColumn('file_path', 'text')
    .addColumn('sha256', 'text')
    .addColumn('size_bytes', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('activity_log')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_platform', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('commitment_id', 'integer')
    .addColumn('campaign_id', 'integer')
    .addColumn('summary', 'text')
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .execute();
  await db.schema.createIndex('activity_log_commitment_idx').on('activity_log').column('commitment_id').execute();
  // The log is append-only: the database itself refuses edits and deletions.
  await sql`
    create function activity_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'activity_log is append-only';
    end $$`.execute(db);
  await sql`
    create trigger activity_log_no_change before update or delete on activity_log
    for each row execute function activity_log_append_only()`.execute(db);

  await db.schema
    .createTable('inbound_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('handled_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('evidence_requests')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('commitment_id', 'integer', (c) => c.notNull().references('commitments.id'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('evidence_requests_pk', ['platform', 'chat_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('bot_messages')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text')
    .addColumn('commitment_id', 'integer')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('bot_messages_pk', ['platform', 'message_id'])
    .execute();

  await db.schema
    .createTable('group_subscriptions')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('chat_id', 'text', (c) => c.notNull())
    .addColumn('department_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_subscriptions_pk', ['platform', 'chat_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'group_subscriptions', 'bot_messages', 'evidence_requests', 'inbound_events', 'activity_log',
    'evidence', 'progress_reports', 'commitment_leaders', 'commitments', 'admins', 'liaisons',
    'bind_requests', 'leaders', 'department_aliases', 'departments', 'campaigns',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await sql`drop function if exists activity_log_append_only()`.execute(db);
}
