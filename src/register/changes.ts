import type { Db } from '../../db/connection';
import type { Actor } from '../domain/actor';
import { logActivity } from './activityLog';

/**
 * Every change a person makes to an item: one transaction that locks the item,
 * changes it and appends to the activity log.
 */
export async function lockItem(trx: Db, id: number) {
  return trx.selectFrom('commitments').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

export interface ProgressInput {
  percent: number | null;
  value: string | null;
  note: string | null;
}

export async function reportProgress(db: Db, actor: Actor, at: Date, id: number, input: ProgressInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const item = await lockItem(trx, id);
    await trx.insertInto('progress_reports').values({
      commitment_id: id, actor_platform: actor.platform, actor_id: actor.id, actor_name: actor.name,
      percent: input.percent, value: input.value, note: input.note, created_at: at,
    }).execute();
    // Progress is data, not a state: the item stays where the lifecycle put it.
    await trx.updateTable('commitments')
      .set({ progress_percent: input.percent ?? item.progress_percent, updated_at: at })
      .where('id', '=', id).execute();
    const what = input.percent !== null ? `${input.percent}%` : input.value;
    await logActivity(trx, {
      actor, at, action: 'progress', commitmentId: id,
      summary: `报送进展 ${what}${input.note ? `：${input.note}` : ''}`,
      before: { status: item.status, percent: item.progress_percent },
      after: { status: item.status, percent: input.percent ?? item.progress_percent, value: input.value, note: input.note },
    });
  });
}

export interface EvidenceInput {
  kind: 'text' | 'link' | 'file' | 'image';
  content: string | null;
  fileName?: string | null;
  filePath?: string | null;
  sha256?: string | null;
  sizeBytes?: number | null;
  mimeType?: string | null;
}

export async function addEvidence(db: Db, actor: Actor, at: Date, id: number, input: EvidenceInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockItem(trx, id);
    const { id: evidenceId } = await trx.insertInto('evidence').values({
      commitment_id: id, actor_platform: actor.platform, actor_id: actor.id, actor_name: actor.name,
      kind: input.kind, content: input.content, file_name: input.fileName ?? null, file_path: input.filePath ?? null,
      sha256: input.sha256 ?? null, size_bytes: input.sizeBytes ?? null, mime_type: input.mimeType ?? null, created_at: at,
    }).returning('id').executeTakeFirstOrThrow();
    await trx.updateTable('commitments').set({ updated_at: at }).where('id', '=', id).execute();
    const label = { text: '文字', link: '链接', file: '文件', image: '图片' }[input.kind];
    await logActivity(trx, {
      actor, at, action: 'evidence', commitmentId: id,
      summary: `提交佐证（${label}）${input.fileName ?? ''}`,
      after: { evidenceId, kind: input.kind, sha256: input.sha256 ?? null, fileName: input.fileName ?? null },
    });
    return evidenceId;
  });
}
