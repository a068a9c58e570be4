import type { Accepted } from '../bot/bot';
import type { Actor } from '../domain/actor';
import type { Card } from '../rendering/card';

/**
 * What duban needs from a chat platform. Commands and jobs only ever see this;
 * Feishu, the local shell and (later) DingTalk implement it.
 */
export interface ChatPlatform {
  readonly name: Actor['platform'];
  /** Replies in the thread of `messageId`; the same key never posts twice. */
  reply(messageId: string, card: Card, idempotencyKey: string): Promise<string>;
  /** Sends to a chat or to one user; the same key never posts twice. */
  send(target: { chatId: string } | { userId: string }, card: Card, idempotencyKey: string): Promise<string>;
  /** Sends a document as a file message; the same key never posts twice where the platform allows it. */
  sendFile(target: { chatId: string } | { userId: string }, file: OutgoingFile, idempotencyKey: string): Promise<string>;
  /** Fetches an image or file a user sent; refuses anything above `maxBytes`. */
  download(messageId: string, key: string, kind: 'image' | 'file', maxBytes: number): Promise<Buffer>;
  /** Marks a message the bot sent as urgent (催办) for these users, where the platform can (Feishu 加急). */
  markUrgent?(messageId: string, userIds: string[], sms: boolean): Promise<void>;
}

/**
 * A platform refused or failed a call. Every platform's errors are one of
 * these, so delivery decides what to retry without knowing the platform:
 * `retryable` (throttled, server trouble, network) and the platform's own
 * hint of when to try again.
 */
export class PlatformError extends Error {
  constructor(message: string, readonly platform: Actor['platform'], readonly retryable: boolean, readonly retryAfterMs?: number) {
    super(message);
  }
}

export interface OutgoingFile {
  name: string;
  bytes: Buffer;
}

export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`larger than ${maxBytes} bytes`);
  }
}

/** Platforms redeliver a message not answered within a few seconds (Feishu: 3 s). */
export const ANSWER_WITHIN_MS = 2_000;

/**
 * Resolves when a platform may answer the delivery of a recorded message: at
 * once when its handling waits for a turn (it is recorded, and handled even if
 * this process dies), otherwise when it is handled or after `ms`, whichever
 * comes first. The bot logs how a late handling ends.
 */
export async function untilAnswerable(accepted: Accepted | null, ms = ANSWER_WITHIN_MS): Promise<void> {
  if (!accepted || accepted.waiting) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([accepted.handled, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms).unref()))]);
  clearTimeout(timer);
}
