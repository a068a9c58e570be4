import type { Platform } from '../domain/actor';
import type { Db } from '../../db/connection';
import type { Actor } from '../domain/actor';
import { accountColumn } from '../domain/permissions';
import { logActivity } from './activityLog';
import type { LeaderWithDepartment } from './leaders';

/** The chat platforms a leader's account can be bound on. */
export type BoundPlatform = 'feishu' | 'dingtalk';

export interface AccountBinding {
  leader: LeaderWithDepartment;
  /** The platform the account lives on (the requester's, not the approver's). */
  platform: BoundPlatform;
  userId: string;
  userName: string | null;
  actor: Actor;
  now: Date;
  /** Whether a leader already bound to another account may be moved. */
  takeover: boolean;
  /** Runs in the same transaction when the leader moves: tell the previous account. */
  onMoved?: (db: Db, previous: string) => Promise<void>;
}

export type BindOutcome =
  | { kind: 'bound'; moved: boolean; previous: string | null }
  /** The account belongs to another leader already. */
  | { kind: 'taken'; holder: { id: number; name: string } }
  /** The leader is bound to another account and takeover was not confirmed. */
  | { kind: 'needsTakeover'; previous: string };

async function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Links a leader to a chat account: the one way the chat's /bind (direct or an
 * approved request) and the CLI's `leader bind` change a binding, with one
 * activity-log shape (before/after keyed by the account column).
 */
export async function bindLeaderAccount(db: Db, binding: AccountBinding): Promise<BindOutcome> {
  const { leader, userId, userName } = binding;
  const column = accountColumn(binding.platform)!;
  return inTransaction(db, async (trx) => {
    const holder = await trx.selectFrom('leaders').select(['id', 'name']).where(column, '=', userId).executeTakeFirst();
    if (holder && holder.id !== leader.id) return { kind: 'taken', holder } as const;
    const previous = leader[column];
    const moving = !!previous && previous !== userId;
    if (moving && !binding.takeover) return { kind: 'needsTakeover', previous } as const;
    await trx.updateTable('leaders').set({ [column]: userId }).where('id', '=', leader.id).execute();
    await trx.updateTable('bind_requests').set({ status: 'approved' })
      .where('leader_id', '=', leader.id).where('platform', '=', binding.platform).where('user_id', '=', userId).where('status', '=', 'pending').execute();
    await logActivity(trx, {
      actor: binding.actor, at: binding.now, action: 'leader.bind',
      summary: `${leader.name} ${moving ? `由账号 ${previous} 改绑为` : '绑定账号'} ${userName ?? userId}`,
      before: { [column]: previous }, after: { [column]: userId },
    });
    if (moving) await binding.onMoved?.(trx, previous);
    return { kind: 'bound', moved: moving, previous } as const;
  });
}

export interface BindRequest {
  id: number;
  leaderId: number;
  leaderName: string;
  platform: Platform;
  userId: string;
  userName: string | null;
  status: string;
}

export async function bindRequest(db: Db, id: number): Promise<BindRequest | undefined> {
  const row = await db.selectFrom('bind_requests').innerJoin('leaders', 'leaders.id', 'bind_requests.leader_id')
    .select(['bind_requests.id', 'bind_requests.user_id', 'bind_requests.user_name', 'bind_requests.status', 'bind_requests.platform', 'bind_requests.leader_id', 'leaders.name'])
    .where('bind_requests.id', '=', id).executeTakeFirst();
  return row && {
    id: row.id, leaderId: row.leader_id, leaderName: row.name, platform: row.platform,
    userId: row.user_id, userName: row.user_name, status: row.status,
  };
}

export async function rejectBindRequest(db: Db, request: BindRequest, actor: Actor, now: Date): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.updateTable('bind_requests').set({ status: 'rejected' }).where('id', '=', request.id).execute();
    await logActivity(trx, { actor, at: now, action: 'leader.bind_rejected', summary: `拒绝 ${request.userName ?? request.userId} 绑定为 ${request.leaderName}` });
  });
}

export interface PendingBindRequest {
  id: number;
  platform: Platform;
  userId: string;
  userName: string | null;
  leaderName: string;
  department: string | null;
  /** The account the leader is bound to on the requester's platform already, if any. */
  boundTo: string | null;
}

/** Requests waiting for the office, oldest first. */
export async function pendingBindRequests(db: Db): Promise<PendingBindRequest[]> {
  const rows = await db.selectFrom('bind_requests').innerJoin('leaders', 'leaders.id', 'bind_requests.leader_id')
    .leftJoin('departments', 'departments.id', 'leaders.department_id')
    .select(['bind_requests.id', 'bind_requests.user_id', 'bind_requests.user_name', 'bind_requests.platform', 'leaders.name', 'leaders.feishu_open_id', 'leaders.dingtalk_staff_id', 'departments.name as department'])
    .where('bind_requests.status', '=', 'pending').orderBy('bind_requests.id').execute();
  return rows.map((r) => {
    const column = accountColumn(r.platform);
    return {
      id: r.id, platform: r.platform, userId: r.user_id, userName: r.user_name,
      leaderName: r.name, department: r.department, boundTo: column ? r[column] : null,
    };
  });
}

export type RequestOutcome = { kind: 'pending'; id: number } | { kind: 'created'; id: number };

/** A user asks to be bound as a leader; asking twice finds the first request. */
export async function requestBinding(db: Db, leader: LeaderWithDepartment, platform: Platform, actor: Actor, now: Date): Promise<RequestOutcome> {
  const existing = await db.selectFrom('bind_requests').select('id')
    .where('leader_id', '=', leader.id).where('user_id', '=', actor.id).where('status', '=', 'pending').executeTakeFirst();
  if (existing) return { kind: 'pending', id: existing.id };
  return inTransaction(db, async (trx) => {
    const { id } = await trx.insertInto('bind_requests').values({
      leader_id: leader.id, platform, user_id: actor.id, user_name: actor.name, status: 'pending', requested_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await logActivity(trx, { actor, at: now, action: 'leader.bind_requested', summary: `申请绑定为 ${leader.name}（申请 ${id}）` });
    return { kind: 'created', id } as const;
  });
}
