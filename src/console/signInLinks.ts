import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * One-time sign-in links: `<payload>.<hmac>`, the payload naming who signs in,
 * until when, and a nonce the server spends on first use. Signing (not a table
 * row) lets `npm run cli -- console link` mint a link while the bot holds the
 * embedded database.
 */
export const LINK_LIFETIME_MS = 10 * 60 * 1000;

export interface LinkClaims {
  as: string;
  expiresAt: number;
  nonce: string;
}

const encode = (text: string) => Buffer.from(text).toString('base64url');

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`duban-console-link:${payload}`).digest('base64url');
}

export function mintLinkToken(secret: string, as: string, nowMs: number): string {
  const claims: LinkClaims = { as, expiresAt: nowMs + LINK_LIFETIME_MS, nonce: randomBytes(16).toString('base64url') };
  const payload = encode(JSON.stringify(claims));
  return `${payload}.${sign(secret, payload)}`;
}

export type LinkCheck = { ok: true; claims: LinkClaims } | { ok: false; reason: string };

export function checkLinkToken(secret: string, token: string, nowMs: number): LinkCheck {
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined) return { ok: false, reason: '登录链接无效' };
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: '登录链接无效' };
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: '登录链接无效' };
  }
  if (typeof claims.as !== 'string' || typeof claims.nonce !== 'string' || typeof claims.expiresAt !== 'number') {
    return { ok: false, reason: '登录链接无效' };
  }
  if (claims.expiresAt < nowMs) return { ok: false, reason: '登录链接已过期（有效期10分钟），请重新生成' };
  return { ok: true, claims };
}
