import { Kysely, sql } from 'kysely';

/**
 * Where each imported field of an item came from. `source_values` holds what
 * the published document said when last imported (field → value);
 * `person_fields` the fields a person set (field → who and when). A re-import
 * uses both so that a person's correction is never silently undone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('commitments')
    .addColumn('source_values', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('person_fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('commitments').dropColumn('source_values').dropColumn('person_fields').execute();
}
