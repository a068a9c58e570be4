import type { Kysely } from 'kysely';

/** The request (event, console request, scheduled run) that queued a message, so its delivery logs under the same id. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('request_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('request_id').execute();
}
