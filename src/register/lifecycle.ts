import type { Db } from '../../db/connection';
import type { Transaction } from 'kysely';
import type { Commitment, Database } from '../../db/schema';
import { shanghaiDay, startOfShanghaiDay } from '../clock';
import type { LifecycleSettings } from '../config';
import type { Actor } from '../domain/actor';
import { LifecycleAction, LifecycleRole, LifecycleState, Refusal, transition } from '../domain/lifecycle';
import { AdminSettings } from '../domain/permissions';
import { lifecycleRole } from './accounts';
import { logActivity } from './activityLog';
import { evidenceCountOf } from './commitments';

type Trx = Transaction<Database>;

/**
 * The office's loop on the register: every function here locks the item, asks
 * src/domain/lifecycle whether the actor may take the step, changes the row and
 * appends to the activity log, in one transaction. Two people acting at once
 * are serialised by the row lock, so a double approval is decided once. These
 * are the entry points for the chat commands, card buttons and the console.
 */
export interface RegisterSettings extends AdminSettings {
  lifecycle: Pick<LifecycleSettings, 'reviewRequired' | 'evidenceRequired'>;
}

export type Outcome =
  | { ok: true; state: LifecycleState }
  | { ok: false; refusal: Refusal | 'missing'; message: string };

const missing = (id: number): Outcome => ({ ok: false, refusal: 'missing', message: `没有编号为 #${id} 的事项` });

interface Locked {
  row: Commitment;
  role: LifecycleRole | null;
}

export async function lockWithRole(trx: Trx, settings: AdminSettings, actor: Actor, id: number): Promise<Locked | null> {
  const row = await trx.selectFrom('commitments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) return null;
  const leaders = await trx.selectFrom('commitment_leaders').select('leader_id as id').where('commitment_id', '=', id).execute();
  return { row, role: await lifecycleRole(trx, settings, actor, { departmentId: row.department_id, leaders }) };
}

/** Runs one lifecycle step: lock, decide, apply, log. */
async function step(
  db: Db,
  settings: RegisterSettings,
  actor: Actor,
  id: number,
  action: LifecycleAction,
  apply: (trx: Trx, locked: Locked, next: LifecycleState) => Promise<Outcome | void>,
  from?: LifecycleState,
): Promise<Outcome> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockWithRole(trx, settings, actor, id);
    if (!locked) return missing(id);
    // A decision taken on what the office saw (the /review queue, the console) applies only to that state.
    if (from && locked.row.status !== from) return { ok: false, refusal: 'already', message: `#${id} 已被他人处理，现在是“${locked.row.status}”` };
    const decided = transition(locked.row.status, action, locked.role, settings.lifecycle);
    if (!decided.ok) return { ok: false, refusal: decided.refusal, message: `#${id} ${decided.message}` };
    return (await apply(trx, locked, decided.next)) ?? { ok: true, state: decided.next };
  });
}

/** 签收: the unit acknowledges a 交办 item. */
export function acknowledge(db: Db, actor: Actor, at: Date, input: { id: number }, settings: RegisterSettings): Promise<Outcome> {
  return step(db, settings, actor, input.id, 'ack', async (trx, { row }, next) => {
    await trx.updateTable('commitments').set({ status: next, acknowledged_at: at, updated_at: at }).where('id', '=', row.id).execute();
    await logActivity(trx, { actor, at, action: 'ack', commitmentId: row.id, summary: '签收', before: { status: row.status }, after: { status: next } });
  });
}

/** /done: reported complete; waits for the office's review unless review is off. */
export function reportDone(db: Db, actor: Actor, at: Date, input: { id: number; note: string | null }, settings: RegisterSettings): Promise<Outcome> {
  return step(db, settings, actor, input.id, 'report_done', async (trx, { row }, next) => {
    if (settings.lifecycle.evidenceRequired && (await evidenceCountOf(trx, row.id)) === 0) {
      return { ok: false, refusal: 'invalid', message: `#${row.id} 还没有佐证材料。请先发送 /佐证 ${row.id} 文字或链接（或直接发送图片、文件），再报送办结。` };
    }
    const closes = next === '已办结';
    await trx.updateTable('commitments').set({
      status: next, completed_at: at, approved_at: closes ? at : null, progress_percent: 100, updated_at: at,
      acknowledged_at: row.acknowledged_at ?? at,
    }).where('id', '=', row.id).execute();
    const what = closes ? '标记完成' : '报送办结，待审核';
    await logActivity(trx, {
      actor, at, action: 'done', commitmentId: row.id, summary: input.note ? `${what}：${input.note}` : what,
      before: { status: row.status, percent: row.progress_percent }, after: { status: next, note: input.note },
    });
  });
}

/** 审核通过 / 销号: the office closes a reported completion. */
/** `from`: the state the decider saw; if someone else moved the item meanwhile, nothing changes. */
export interface Decision {
  id: number;
  from?: LifecycleState;
}

export function approveItem(db: Db, actor: Actor, at: Date, input: Decision & { note: string | null }, settings: RegisterSettings): Promise<Outcome> {
  return step(db, settings, actor, input.id, 'approve', async (trx, { row }, next) => {
    await trx.updateTable('commitments').set({ status: next, approved_at: at, updated_at: at }).where('id', '=', row.id).execute();
    await logActivity(trx, {
      actor, at, action: 'approve', commitmentId: row.id, summary: input.note ? `审核通过，销号：${input.note}` : '审核通过，销号',
      before: { status: row.status }, after: { status: next, note: input.note },
    });
  }, input.from);
}

/**
 * 退回: back to 办理中 with the reason. The completion's 100% is undone: progress
 * returns to the last reported figure (the log keeps the completion).
 */
export function returnItem(db: Db, actor: Actor, at: Date, input: Decision & { reason: string }, settings: RegisterSettings): Promise<Outcome> {
  return step(db, settings, actor, input.id, 'return', async (trx, { row }, next) => {
    const last = await trx.selectFrom('progress_reports').select('percent').where('commitment_id', '=', row.id).where('percent', 'is not', null)
      .orderBy('id', 'desc').limit(1).executeTakeFirst();
    const percent = last?.percent ?? null;
    await trx.updateTable('commitments').set({ status: next, completed_at: null, approved_at: null, progress_percent: percent, updated_at: at })
      .where('id', '=', row.id).execute();
    await logActivity(trx, {
      actor, at, action: 'return', commitmentId: row.id, summary: `退回重办：${input.reason}`,
      before: { status: row.status, completedAt: row.completed_at, approvedAt: row.approved_at, percent: row.progress_percent },
      after: { status: next, reason: input.reason, percent },
    });
  }, input.from);
}

/** Whether an item was urged on `day` (or later), to keep 催办 to once a day; decided under the item's lock. */
export async function urgedOn(trx: Trx | Db, id: number, day: string): Promise<boolean> {
  const row = await trx.selectFrom('activity_log').select('id').where('commitment_id', '=', id).where('action', '=', 'urge')
    .where('at', '>=', startOfShanghaiDay(day)).limit(1).executeTakeFirst();
  return !!row;
}

/** 催办: recorded once per item per day (the office only); the caller sends the card when this says ok. */
export async function recordUrge(db: Db, actor: Actor, at: Date, input: { id: number; note: string | null }, settings: RegisterSettings): Promise<Outcome> {
  return db.transaction().execute(async (trx) => {
    const locked = await lockWithRole(trx, settings, actor, input.id);
    if (!locked) return missing(input.id);
    if (locked.role !== 'office') return { ok: false, refusal: 'forbidden', message: '只有督查室可以催办' };
    const { row } = locked;
    if (row.status === '已办结' || row.status === '待审核') return { ok: false, refusal: 'invalid', message: `#${row.id} 已${row.status === '已办结' ? '办结' : '报送办结'}，不需要催办` };
    const day = shanghaiDay(at);
    if (await urgedOn(trx, row.id, day)) return { ok: false, refusal: 'already', message: `#${row.id} 今天已经催办过了，每个事项每天最多催办一次` };
    await logActivity(trx, { actor, at, action: 'urge', commitmentId: row.id, summary: input.note ? `催办：${input.note}` : '催办', after: { note: input.note } });
    return { ok: true, state: row.status };
  });
}

