import { EventRecorder } from '../../src/bot/eventRecorder';
import { openTestDb } from '../../testkit/db';
import type { Db } from '../../db/connection';

let db: Db;
let close: () => Promise<void>;
beforeAll(async () => ({ db, close } = await openTestDb()));
afterAll(() => close());

const event = (id: string, text = '/status') => ({ id, platform: 'feishu' as const, kind: 'message' as const, payload: { text } });

test('events arriving together are recorded together; a repeat, even within the same burst, is not fresh', async () => {
  const recorder = new EventRecorder(db);
  expect(await Promise.all([recorder.claim(event('e1')), recorder.claim(event('e2')), recorder.claim(event('e1'))])).toEqual([true, true, false]);
  expect(await recorder.claim(event('e2'))).toBe(false);
  const rows = await db.selectFrom('inbound_events').select('event_id').where('event_id', 'in', ['e1', 'e2']).execute();
  expect(rows.map((r) => r.event_id).sort()).toEqual(['e1', 'e2']);
});

test('a broken emoji (a lone surrogate, which jsonb refuses) is recorded with U+FFFD in its place', async () => {
  expect(await new EventRecorder(db).claim(event('broken', '/progress 1 40% \ud83d'))).toBe(true);
  const row = await db.selectFrom('inbound_events').select('payload').where('event_id', '=', 'broken').executeTakeFirstOrThrow();
  expect(JSON.stringify(row.payload)).toContain('40% \ufffd');
});

test('an event that cannot be recorded is refused alone; the others in its burst are recorded', async () => {
  const recorder = new EventRecorder(db);
  const poison = { id: 'poison', platform: 'feishu' as const, kind: 'message' as const, payload: { size: BigInt(1) } };
  const claims = [recorder.claim(event('ok1')), recorder.claim(poison), recorder.claim(event('ok2'))];
  const outcomes = await Promise.allSettled(claims);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  const rows = await db.selectFrom('inbound_events').select('event_id').where('event_id', 'in', ['ok1', 'poison', 'ok2']).execute();
  expect(rows.map((r) => r.event_id).sort()).toEqual(['ok1', 'ok2']);
});
