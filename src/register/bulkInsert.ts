import { Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema';

/**
 * Inserts many rows as ONE parameter, a JSON array the database unpacks
 * (jsonb_to_recordset). On the embedded database each bound parameter costs
 * far more than parsing JSON does, so this is what makes a 10,000-item import
 * take seconds rather than minutes. `columns` maps each column to its SQL type.
 */
export async function insertJsonRows<R extends object = Record<string, never>>(
  db: Kysely<Database>,
  table: keyof Database,
  columns: Record<string, string>,
  rows: object[],
  returning: string[] = [],
): Promise<R[]> {
  if (!rows.length) return [];
  const names = Object.keys(columns);
  const list = sql.join(names.map((n) => sql.id(n)));
  const types = sql.join(names.map((n) => sql`${sql.id(n)} ${sql.raw(columns[n])}`));
  const back = returning.length ? sql` returning ${sql.join(returning.map((n) => sql.id(n)))}` : sql``;
  const result = await sql<R>`insert into ${sql.table(table)} (${list})
    select ${list} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${types})${back}`.execute(db);
  return result.rows;
}
