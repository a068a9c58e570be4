import type { Logger } from '../logger';

/**
 * Turning a mobile number or e-mail into a chat account, per platform. Used
 * by the roster import; each platform paces its own calls under its limits.
 */
export type LookupResult =
  | { kind: 'found'; id: string }
  | { kind: 'not_found' }
  /** The account exists but its holder has left (Feishu reports it; DingTalk does not return such users). */
  | { kind: 'resigned'; id: string }
  /** The contact resolves to several accounts (浙政钉 exclusive accounts, or mobile and e-mail disagree). */
  | { kind: 'ambiguous'; ids: string[] }
  | { kind: 'failed'; error: string };

export interface Contact {
  mobile: string | null;
  email: string | null;
}

export interface AccountDirectory {
  readonly platform: 'feishu' | 'dingtalk';
  /** One result per contact, in order; `progress` hears how many are done so far. */
  lookup(contacts: Contact[], progress?: (done: number) => void): Promise<LookupResult[]>;
}

/** Spaces calls at most `perSecond` apart in real time. */
export function pacer(perSecond: number, sleep: (ms: number) => Promise<unknown>): () => Promise<void> {
  let next = 0;
  return async () => {
    const now = Date.now();
    const wait = next - now;
    next = Math.max(now, next) + 1000 / perSecond;
    if (wait > 0) await sleep(wait);
  };
}

export interface DirectoryOptions {
  log: Logger;
  perSecond?: number;
  sleep?: (ms: number) => Promise<unknown>;
}

export const realSleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
