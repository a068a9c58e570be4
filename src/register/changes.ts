import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Actor } from '../domain/actor';
import { logActivity } from './activityLog';

type Db = Kysely<Database>;

/**
 * Every change a person makes to an item: one transaction that locks the item,
 * changes it and appends to the activity log.
 */
async function lockItem(trx: Db, id: number) {
  return trx.selectFrom('commitments').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
}

export async function markDone(db: Db, actor: Actor, at: Date, id: number, note: string | null): Promise<'done' | 'already'> {
  return db.transaction().execute(async (trx) => {
    const item = await lockItem(trx, id);
    if (item.status === 'done') return 'already';
    await trx.updateTable('commitments').set({ status: 'done', completed_at: at, updated_at: at, progress_percent: 100 }).where('id', '=', id).execute();
    await logActivity(trx, {
      actor, at, action: 'done', commitmentId: id, summary: note ? `标记完成：${note}` : '标记完成',
      before: { status: item.status }, after: { status: 'done', note },
    });
    return 'done';
  });
}

export async function reopen(db: Db, actor: Actor, at: Date, id: number, reason: string): Promise<'reopened' | 'not_done'> {
  return db.transaction().execute(async (trx) => {
    const item = await lockItem(trx, id);
    if (item.status !== 'done') return 'not_done';
    await trx.updateTable('commitments').set({ status: 'in_progress', completed_at: null, updated_at: at }).where('id', '=', id).execute();
    await logActivity(trx, {
      actor, at, action: 'reopen', commitmentId: id, summary: `退回重办：${reason}`,
      before: { status: 'done', completedAt: item.completed_at }, after: { status: 'in_progress', reason },
    });
    return 'reopened';
  });
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
    const status = item.status === 'done' ? 'done' : 'in_progress';
    await trx.updateTable('commitments')
      .set({ status, progress_percent: input.percent ?? item.progress_percent, updated_at: at })
      .where('id', '=', id).execute();
    const what = input.percent !== null ? `${input.percent}%` : input.value;
    await logActivity(trx, {
      actor, at, action: 'progress', commitmentId: id,
      summary: `报送进展 ${what}${input.note ? `：${input.note}` : ''}`,
      before: { status: item.status, percent: item.progress_percent },
      after: { status, percent: input.percent ?? item.progress_percent, value: input.value, note: input.note },
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
}

export async function addEvidence(db: Db, actor: Actor, at: Date, id: number, input: EvidenceInput): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockItem(trx, id);
    const { id: evidenceId } = await trx.insertInto('evidence').values({
      commitment_id: id, actor_platform: actor.platform, actor_id: actor.id, actor_name: actor.name,
      kind: input.kind, content: input.content, file_name: input.fileName ?? null, file_path: input.filePath ?? null,
      sha256: input.sha256 ?? null, size_bytes: input.sizeBytes ?? null, created_at: at,
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
