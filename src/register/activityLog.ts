import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Actor } from '../domain/actor';
import { insertJsonRows } from './bulkInsert';

/** Every kind of entry the activity log holds. */
export type ActivityAction =
  | 'import' | 'import.create' | 'import.update' | 'import.conflict' | 'campaign.create'
  | 'assign' | 'ack' | 'progress' | 'evidence' | 'done' | 'approve' | 'return' | 'urge'
  | 'extension.request' | 'extension.grant' | 'extension.deny'
  | 'review.fix' | 'report.issue' | 'reminder.undeliverable' | 'escalation.red_sheet'
  | 'leader.create' | 'leader.bind' | 'leader.bind_requested' | 'leader.bind_rejected' | 'leader.department'
  | 'department.alias' | 'admin.add' | 'liaison.add' | 'liaison.remove' | 'subscribe' | 'unsubscribe';

export interface ActivityEntry {
  actor: Actor;
  at: Date;
  action: ActivityAction;
  commitmentId?: number | null;
  campaignId?: number | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

function row(entry: ActivityEntry) {
  return {
    at: entry.at,
    actor_platform: entry.actor.platform,
    actor_id: entry.actor.id,
    actor_name: entry.actor.name,
    action: entry.action,
    commitment_id: entry.commitmentId ?? null,
    campaign_id: entry.campaignId ?? null,
    summary: entry.summary,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    via: entry.actor.via ?? null,
  };
}

/** Appends to the activity log; the database refuses to edit or delete its rows. */
export async function logActivity(db: Kysely<Database>, entry: ActivityEntry): Promise<void> {
  await db.insertInto('activity_log').values(row(entry)).execute();
}

const COLUMNS = {
  at: 'timestamptz', actor_platform: 'text', actor_id: 'text', actor_name: 'text', action: 'text',
  commitment_id: 'integer', campaign_id: 'integer', summary: 'text', before: 'jsonb', after: 'jsonb', via: 'text',
};

/** Several entries in one statement (an import logs one per item). */
export async function logActivities(db: Kysely<Database>, entries: ActivityEntry[]): Promise<void> {
  await insertJsonRows(db, 'activity_log', COLUMNS, entries.map((e) => ({ ...row(e), before: e.before ?? null, after: e.after ?? null })));
}
