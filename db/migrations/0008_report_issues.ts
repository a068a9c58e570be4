import { Kysely, sql } from 'kysely';

/** The 督查通报's issue numbers (期号): one per reported week and scope, counted per year, never reused. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_issues')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull().check(sql`number > 0`))
    .addColumn('week_start', 'date', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'date', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('report_issues_week_scope', ['week_start', 'scope'])
    .addUniqueConstraint('report_issues_year_number', ['year', 'number'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('report_issues').execute();
}
