import type { Db } from '../../db/connection';

/** How many register items are in each state. */
export async function countByStatus(db: Db): Promise<{ status: string; count: number }[]> {
  const rows = await db.selectFrom('commitments').select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status').execute();
  return rows.map((r) => ({ status: r.status, count: Number(r.count) }));
}
