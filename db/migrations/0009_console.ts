import type { Kysely } from 'kysely';

/**
 * The office console: server-side sessions, spent sign-in links, the source
 * text of lists uploaded through it, imports waiting for confirmation, the
 * stored type of evidence files, and which channel a logged change came through.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('console_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('actor', 'jsonb', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('console_sessions_expiry_idx').on('console_sessions').column('expires_at').execute();

  await db.schema
    .createTable('console_spent_links')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('used_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('campaign_sources')
    .addColumn('campaign_id', 'integer', (c) => c.primaryKey().references('campaigns.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('stored_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('console_imports')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('session_hash', 'text', (c) => c.notNull())
    .addColumn('campaign', 'jsonb', (c) => c.notNull())
    .addColumn('items', 'jsonb', (c) => c.notNull())
    .addColumn('source_text', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('committed_at', 'timestamptz')
    .execute();

  await db.schema.alterTable('evidence').addColumn('mime_type', 'text').execute();
  await db.schema.alterTable('activity_log').addColumn('via', 'text').execute();
}
