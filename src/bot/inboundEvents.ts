import type { Db } from '../../db/connection';
import type { Platform } from '../domain/actor';

/** What platforms deliver: a message, or a click on a card button. */
export type InboundEventKind = 'message' | 'card_action';

/** A "received" event untouched this long belongs to a process that died: take it over. */
const STALE_MS = 10 * 60 * 1000;

export interface InboundEvent {
  id: string;
  platform: Platform;
  kind: InboundEventKind;
  payload: unknown;
}

/**
 * Records an event before handling it. Returns false for a repeat: platforms
 * deliver at least once, and the payload is kept so nothing a user sent is lost.
 * Uses the real clock: redelivery is about wall time, not the business day.
 */
export async function claimEvent(db: Db, event: InboundEvent): Promise<boolean> {
  return (await claimEvents(db, [event]))[0];
}

/**
 * claimEvent for many events in one statement (a burst arrives together); an
 * id repeated within `events` is fresh only the first time.
 */
export async function claimEvents(db: Db, events: InboundEvent[]): Promise<boolean[]> {
  const now = new Date();
  const firstIndex = new Map<string, number>();
  events.forEach((e, i) => firstIndex.has(e.id) || firstIndex.set(e.id, i));
  const firsts = [...firstIndex.values()].map((i) => events[i]);
  const inserted = await db.insertInto('inbound_events')
    .values(firsts.map((e) => ({ event_id: e.id, platform: e.platform, kind: e.kind, payload: storable(e.payload), status: 'received', received_at: now })))
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .execute();
  const fresh = new Set(inserted.map((r) => r.event_id));
  const outcome = new Map<string, boolean>();
  for (const event of firsts) outcome.set(event.id, fresh.has(event.id) || (await takeOverStale(db, event.id, now)));
  return events.map((e, i) => firstIndex.get(e.id) === i && outcome.get(e.id)!);
}

/** A repeat is handled again only when its first delivery was left "received" by a process that died. */
async function takeOverStale(db: Db, eventId: string, now: Date): Promise<boolean> {
  const taken = await db.updateTable('inbound_events').set({ received_at: now })
    .where('event_id', '=', eventId).where('status', '=', 'received')
    .where('received_at', '<', new Date(now.getTime() - STALE_MS))
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) > 0;
}

/**
 * JSON that jsonb accepts: it refuses the NUL character, which PostgreSQL text
 * cannot hold, and a lone UTF-16 surrogate (a broken emoji), which becomes U+FFFD.
 */
function storable(payload: unknown): string {
  return JSON.stringify(payload, (_key, value) => (typeof value === 'string' ? value.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\ufffd') : value));
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Messages of `platform` recorded but left unhandled by a process that died. */
export async function staleMessages(db: Db, platform: Platform): Promise<unknown[]> {
  const rows = await db.selectFrom('inbound_events').select('payload')
    .where('platform', '=', platform).where('kind', '=', 'message').where('status', '=', 'received')
    .where('received_at', '<', new Date(Date.now() - STALE_MS))
    .orderBy('received_at').limit(100)
    .execute();
  return rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload));
}

export async function finishEvent(db: Db, eventId: string, error?: unknown): Promise<void> {
  await db.updateTable('inbound_events')
    .set({ status: error ? 'failed' : 'done', error: error ? String((error as Error).stack ?? error).slice(0, 4000) : null, handled_at: new Date() })
    .where('event_id', '=', eventId)
    .execute();
}

/** Deletes recorded events received before `cutoff` (real time); returns how many. */
export async function purgeEventsBefore(db: Db, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('inbound_events').where('received_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
