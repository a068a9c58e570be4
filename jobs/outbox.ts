import type { Platform } from '../src/domain/actor';
import { sql } from 'kysely';
import type { Db } from '../db/connection';
import type { OutboxRow } from '../db/schema';
import type { Card } from '../src/rendering/card';
import type { EscalationPayload, ReminderPayload } from './reminders';
import { currentRequestId } from '../src/requestContext';

/**
 * The durable outbox. A message is first written here under a unique dedupe
 * key (so planning it twice, on any number of instances, stores it once), then
 * claimed and sent by a worker. Times here are real wall-clock time: they are
 * about machines and retries, not the business day.
 */
/** What each kind of outbox row carries. */
export interface OutboxPayloads {
  alert: { card: Card };
  urge: { card: Card; sms?: boolean };
  digest: { card: Card };
  reminder: ReminderPayload;
  escalation: EscalationPayload;
  /** The 督查通报 document, built when sent. */
  'report-file': { week: string };
}

export type OutboxKind = keyof OutboxPayloads;

/** A kind with its payload. */
export type OutboxContent = { [K in OutboxKind]: { kind: K; payload: OutboxPayloads[K] } }[OutboxKind];

/** A message to queue: its kind decides its payload. */
export type NewMessage = OutboxContent & {
  dedupeKey: string;
  platform: Platform;
  target: { kind: 'user' | 'chat'; id: string };
};

/** A stored row's kind and payload as the union above (rows are only written through enqueue). */
export function messageOf(row: Pick<OutboxRow, 'kind' | 'payload'>): OutboxContent {
  return { kind: row.kind, payload: row.payload } as OutboxContent;
}

/** Returns true when the message is new, false when its key was already queued. */
export async function enqueue(db: Db, message: NewMessage): Promise<boolean> {
  const now = new Date();
  const row = await db.insertInto('outbox')
    .values({
      dedupe_key: message.dedupeKey, platform: message.platform, target_kind: message.target.kind, target_id: message.target.id,
      kind: message.kind, payload: JSON.stringify(message.payload), status: 'pending', next_attempt_at: now, created_at: now,
      request_id: currentRequestId() ?? null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/**
 * Claims up to `limit` due rows, for the platforms this worker can send on, for `leaseMs`. Rows whose lease ran out (a
 * worker died mid-send) are due again; the send reuses the row's uuid, so the
 * platform drops a repeat of a message that did go out.
 */
export async function claim(db: Db, limit: number, leaseMs: number, platforms: Platform[]): Promise<OutboxRow[]> {
  const now = new Date();
  const leaseUntil = new Date(now.getTime() + leaseMs);
  return db.transaction().execute(async (trx) => {
    const due = await trx.selectFrom('outbox').select('id')
      // No platform to send on: match nothing.
      .where('platform', 'in', platforms.length ? platforms : ([''] as unknown as Platform[]))
      .where((eb) => eb.or([
        eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
      ]))
      .orderBy('next_attempt_at').orderBy('id')
      .limit(limit)
      .forUpdate().skipLocked()
      .execute();
    if (!due.length) return [];
    return trx.updateTable('outbox')
      .set({ status: 'sending', lease_until: leaseUntil, attempts: sql`attempts + 1` })
      .where('id', 'in', due.map((r) => r.id))
      .returningAll()
      .execute();
  });
}

/** Hands claimed rows back untouched (shutting down): due again at once, the attempt not counted. */
export async function releaseLeases(db: Db, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  const result = await db.updateTable('outbox')
    .set({ status: 'pending', lease_until: null, next_attempt_at: new Date(), attempts: sql`greatest(attempts - 1, 0)` })
    .where('id', 'in', ids).where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function markSent(db: Db, id: number, messageId: string): Promise<void> {
  await db.updateTable('outbox').set({ status: 'sent', message_id: messageId, sent_at: new Date(), lease_until: null, last_error: null }).where('id', '=', id).execute();
}

export async function markRetry(db: Db, id: number, error: string, retryAt: Date): Promise<void> {
  await db.updateTable('outbox').set({ status: 'pending', next_attempt_at: retryAt, lease_until: null, last_error: error.slice(0, 2000) }).where('id', '=', id).execute();
}

export async function markFailed(db: Db, id: number, error: string): Promise<void> {
  await db.updateTable('outbox').set({ status: 'failed', lease_until: null, last_error: error.slice(0, 2000) }).where('id', '=', id).execute();
}

export async function markCancelled(db: Db, id: number, reason: string): Promise<void> {
  await db.updateTable('outbox').set({ status: 'cancelled', lease_until: null, last_error: reason }).where('id', '=', id).execute();
}

/** Queues many messages in a few statements; returns how many were new. */
export async function enqueueMany(db: Db, messages: NewMessage[]): Promise<number> {
  let queued = 0;
  const now = new Date();
  const requestId = currentRequestId() ?? null;
  for (let i = 0; i < messages.length; i += 500) {
    const rows = await db.insertInto('outbox')
      .values(messages.slice(i, i + 500).map((m) => ({
        dedupe_key: m.dedupeKey, platform: m.platform, target_kind: m.target.kind, target_id: m.target.id,
        kind: m.kind, payload: JSON.stringify(m.payload), status: 'pending' as const, next_attempt_at: now, created_at: now, request_id: requestId,
      })))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('id')
      .execute();
    queued += rows.length;
  }
  return queued;
}

/** How many messages of each kind are in each state. */
export async function outboxDepth(db: Db): Promise<{ kind: string; status: string; count: number }[]> {
  const rows = await db.selectFrom('outbox').select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy(['kind', 'status']).execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.count) }));
}
