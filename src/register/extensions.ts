import type { Db } from '../../db/connection';
import type { Actor } from '../domain/actor';
import { mayDecideExtension, mayRequestExtension } from '../domain/lifecycle';
import { logActivity } from './activityLog';
import { lockWithRole, Outcome, RegisterSettings } from './lifecycle';

/**
 * 延期申请: a pending record beside the item. Granted, the deadline moves and
 * the first deadline is kept as 原定时限; denied, nothing moves.
 */
export interface PendingExtension {
  id: number;
  commitmentId: number;
  requestedDeadline: string;
  reason: string;
  requestedBy: string;
  requestedAt: Date;
  afterDeadline: boolean;
}

export async function requestExtension(
  db: Db, actor: Actor, at: Date, input: { id: number; deadline: string; reason: string; today: string }, settings: RegisterSettings,
): Promise<Outcome> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockWithRole(trx, settings, actor, input.id);
    if (!locked) return { ok: false, refusal: 'missing', message: `没有编号为 #${input.id} 的事项` };
    const { row, role } = locked;
    const allowed = mayRequestExtension(row.status, role);
    if (!allowed.ok) return { ok: false, refusal: allowed.refusal, message: `#${row.id} ${allowed.message}` };
    const pending = await trx.selectFrom('extension_requests').select('id').where('commitment_id', '=', row.id).where('status', '=', 'pending').executeTakeFirst();
    if (pending) return { ok: false, refusal: 'already', message: `#${row.id} 已有一份延期申请在等待督查室审批` };
    if (row.deadline && input.deadline <= row.deadline) return { ok: false, refusal: 'invalid', message: `新时限应晚于现在的时限（${row.deadline}）` };
    const afterDeadline = !!row.deadline && row.deadline < input.today;
    await trx.insertInto('extension_requests').values({
      commitment_id: row.id, requested_deadline: input.deadline, reason: input.reason, after_deadline: afterDeadline,
      requested_by_platform: actor.platform, requested_by_id: actor.id, requested_by_name: actor.name, requested_at: at,
    }).execute();
    await logActivity(trx, {
      actor, at, action: 'extension.request', commitmentId: row.id,
      summary: `申请延期至 ${input.deadline}${afterDeadline ? '（已过原时限后申请）' : ''}：${input.reason}`,
      after: { requestedDeadline: input.deadline, reason: input.reason, afterDeadline },
    });
    return { ok: true, state: row.status };
  });
}

/** 同意延期 (optionally to another date than asked) or 不同意延期: the office only. */
export async function decideExtension(
  db: Db, actor: Actor, at: Date, input: { id: number; grant: boolean; deadline?: string | null; note: string | null }, settings: RegisterSettings,
): Promise<Outcome & { deadline?: string }> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockWithRole(trx, settings, actor, input.id);
    if (!locked) return { ok: false, refusal: 'missing', message: `没有编号为 #${input.id} 的事项` };
    const { row, role } = locked;
    if (!mayDecideExtension(role)) return { ok: false, refusal: 'forbidden', message: '只有督查室可以审批延期申请' };
    const request = await trx.selectFrom('extension_requests').selectAll().where('commitment_id', '=', row.id).where('status', '=', 'pending').executeTakeFirst();
    if (!request) return { ok: false, refusal: 'already', message: `#${row.id} 没有待审批的延期申请（可能已经处理过了）` };
    const decided = { decided_by_name: actor.name ?? actor.id, decided_at: at, decision_note: input.note };
    if (!input.grant) {
      await trx.updateTable('extension_requests').set({ status: 'denied', ...decided }).where('id', '=', request.id).execute();
      await logActivity(trx, {
        actor, at, action: 'extension.deny', commitmentId: row.id, summary: `不同意延期：${input.note ?? ''}`,
        after: { requestId: request.id, reason: input.note },
      });
      return { ok: true, state: row.status };
    }
    const deadline = input.deadline ?? request.requested_deadline;
    await trx.updateTable('extension_requests').set({ status: 'granted', granted_deadline: deadline, ...decided }).where('id', '=', request.id).execute();
    await trx.updateTable('commitments')
      .set({ deadline, original_deadline: row.original_deadline ?? row.deadline, updated_at: at })
      .where('id', '=', row.id).execute();
    await logActivity(trx, {
      actor, at, action: 'extension.grant', commitmentId: row.id,
      summary: `同意延期：时限由 ${row.deadline ?? '未定'} 改为 ${deadline}${input.note ? `（${input.note}）` : ''}`,
      before: { deadline: row.deadline }, after: { deadline, originalDeadline: row.original_deadline ?? row.deadline },
    });
    return { ok: true, state: row.status, deadline };
  });
}

export async function pendingExtensions(db: Db, ids?: number[]): Promise<PendingExtension[]> {
  let query = db.selectFrom('extension_requests').selectAll().where('status', '=', 'pending');
  if (ids) query = query.where('commitment_id', 'in', ids.length ? ids : [-1]);
  const rows = await query.orderBy('requested_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id, commitmentId: r.commitment_id, requestedDeadline: r.requested_deadline, reason: r.reason,
    requestedBy: r.requested_by_name ?? r.requested_by_id, requestedAt: new Date(r.requested_at), afterDeadline: r.after_deadline,
  }));
}
