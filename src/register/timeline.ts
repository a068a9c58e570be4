import type { Db } from '../../db/connection';

export interface EvidenceEntry {
  kind: string;
  content: string | null;
  fileName: string | null;
  actorName: string;
  createdAt: Date;
}

export interface TimelineEntry {
  at: Date;
  actorName: string;
  summary: string | null;
}

/** An item's evidence, oldest first. */
export async function evidenceOf(db: Db, commitmentId: number): Promise<EvidenceEntry[]> {
  const rows = await db.selectFrom('evidence').selectAll().where('commitment_id', '=', commitmentId).orderBy('id').execute();
  return rows.map((e) => ({ kind: e.kind, content: e.content, fileName: e.file_name, actorName: e.actor_name ?? e.actor_id, createdAt: e.created_at }));
}

/** The last `length` entries of an item's activity log, oldest first. */
export async function timelineOf(db: Db, commitmentId: number, length: number): Promise<TimelineEntry[]> {
  const rows = await db.selectFrom('activity_log').selectAll().where('commitment_id', '=', commitmentId)
    .orderBy('id', 'desc').limit(length).execute();
  return rows.reverse().map((l) => ({ at: l.at, actorName: l.actor_name ?? l.actor_id, summary: l.summary }));
}
