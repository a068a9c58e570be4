import { sql } from 'kysely';
import { Db, openDatabase } from '../../db/connection';
import { asUrgent } from '../../db/urgency';

// The embedded database's own driver, whatever DATABASE_URL says.
let db: Db;
beforeAll(async () => {
  db = await openDatabase({ dataDir: 'memory://' });
});
afterAll(() => db.destroy());

const statement = (order: string[], label: string) => sql`select 1`.execute(db).then(() => order.push(label));

test('an urgent statement (recording an arriving event) runs before those already waiting for the embedded database', async () => {
  const order: string[] = [];
  await Promise.all([statement(order, 'running'), statement(order, 'waiting-1'), statement(order, 'waiting-2'), asUrgent(() => statement(order, 'urgent'))]);
  expect(order).toEqual(['running', 'urgent', 'waiting-1', 'waiting-2']);
});
