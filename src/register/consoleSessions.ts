import type { Db } from '../../db/connection';
import { createHash, randomBytes } from 'node:crypto';
import type { ConsoleActorJson } from '../../db/schema';

/** Console sessions live in the database; the cookie holds a random token, the table only its hash. */
export const SESSION_LIFETIME_MS = 12 * 3600 * 1000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ConsoleSession {
  tokenHash: string;
  actor: ConsoleActorJson;
  csrfToken: string;
}

export async function createSession(db: Db, actor: ConsoleActorJson, now: Date): Promise<{ token: string; session: ConsoleSession }> {
  const token = randomBytes(32).toString('base64url');
  const session = { tokenHash: hashToken(token), actor, csrfToken: randomBytes(24).toString('base64url') };
  await db.insertInto('console_sessions').values({
    token_hash: session.tokenHash, actor: JSON.stringify(actor), csrf_token: session.csrfToken,
    created_at: now, expires_at: new Date(now.getTime() + SESSION_LIFETIME_MS),
  }).execute();
  return { token, session };
}

export async function findSession(db: Db, token: string, now: Date): Promise<ConsoleSession | undefined> {
  const row = await db.selectFrom('console_sessions').selectAll()
    .where('token_hash', '=', hashToken(token)).where('expires_at', '>', now).executeTakeFirst();
  return row && { tokenHash: row.token_hash, actor: row.actor, csrfToken: row.csrf_token };
}

export async function endSession(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db.deleteFrom('console_sessions').where((eb) => eb.or([eb('token_hash', '=', tokenHash), eb('expires_at', '<=', now)])).execute();
}

export interface ActiveSession {
  tokenHash: string;
  actor: ConsoleActorJson;
  createdAt: Date;
  expiresAt: Date;
}

/** Sessions not yet expired, newest first: the office's 登录会话 list. */
export async function activeSessions(db: Db, now: Date): Promise<ActiveSession[]> {
  const rows = await db.selectFrom('console_sessions').select(['token_hash', 'actor', 'created_at', 'expires_at'])
    .where('expires_at', '>', now).orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ tokenHash: r.token_hash, actor: r.actor, createdAt: new Date(r.created_at), expiresAt: new Date(r.expires_at) }));
}

/** Ends one session (the office revoking it); true when there was one. */
export async function revokeSession(db: Db, tokenHash: string): Promise<boolean> {
  const result = await db.deleteFrom('console_sessions').where('token_hash', '=', tokenHash).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Spends a sign-in link's nonce; false when it was spent before. */
export async function spendLinkNonce(db: Db, nonce: string, now: Date): Promise<boolean> {
  const spent = await db.insertInto('console_spent_links').values({ nonce, used_at: now })
    .onConflict((oc) => oc.column('nonce').doNothing()).returning('nonce').executeTakeFirst();
  return !!spent;
}
