import { Kysely, sql } from 'kysely';

/**
 * Leaders are one person per (name, department): two 张伟 in different units
 * stay two people. A leader not yet placed in a unit counts as unit 0.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table leaders drop constraint if exists leaders_name_key`.execute(db);
  await db.schema.createIndex('leaders_name_department_key').on('leaders').expression(sql`name, coalesce(department_id, 0)`).unique().execute();
  await db.schema.createIndex('leaders_name_idx').on('leaders').column('name').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('leaders_name_idx').execute();
  await db.schema.dropIndex('leaders_name_department_key').execute();
  await sql`alter table leaders add constraint leaders_name_key unique (name)`.execute(db);
}
