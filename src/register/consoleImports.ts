import type { Db } from '../../db/connection';
import type { ParsedCommitment } from '../ingest/types';
import type { CampaignInfo } from './importer';

/** A parsed upload waiting for the office to look at it and confirm. */
export interface PendingImport {
  id: number;
  campaign: CampaignInfo;
  items: (ParsedCommitment & { id?: number })[];
  sourceText: string | null;
  committed: boolean;
}

export async function savePendingImport(db: Db, sessionHash: string, pending: Omit<PendingImport, 'id' | 'committed'>, at: Date): Promise<number> {
  const { id } = await db.insertInto('console_imports').values({
    session_hash: sessionHash, campaign: JSON.stringify(pending.campaign), items: JSON.stringify(pending.items),
    source_text: pending.sourceText, created_at: at,
  }).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** Only the session that uploaded a file may commit it. */
export async function findPendingImport(db: Db, sessionHash: string, id: number): Promise<PendingImport | undefined> {
  const row = await db.selectFrom('console_imports').selectAll().where('id', '=', id).where('session_hash', '=', sessionHash).executeTakeFirst();
  return row && {
    id: row.id, campaign: row.campaign as CampaignInfo, items: row.items as PendingImport['items'],
    sourceText: row.source_text, committed: row.committed_at !== null,
  };
}

/** Claims a pending import for committing; false when it was committed already (a double click). */
export async function claimPendingImport(db: Db, id: number, at: Date): Promise<boolean> {
  const claimed = await db.updateTable('console_imports').set({ committed_at: at }).where('id', '=', id).where('committed_at', 'is', null)
    .returning('id').executeTakeFirst();
  return !!claimed;
}
