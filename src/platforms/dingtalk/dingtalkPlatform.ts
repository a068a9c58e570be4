import type { Card } from '../../rendering/card';
import { toDingTalkMarkdown } from '../../rendering/dingtalkCard';
import { mentionedAccounts } from '../../rendering/mention';
import type { Logger } from '../../logger';
import { ChatPlatform, OutgoingFile, TooLargeError } from '../platform';
import { DingTalkApi, DingTalkApiError } from './api';
import { GIVE_UP, quickBackoffMs, withRetries } from '../retry';

const ATTEMPTS = 3;

/** Where to answer a message: its session webhook while valid, else a proactive send. */
export interface Conversation {
  sessionWebhook?: string;
  expiresAt?: number;
  conversationId: string;
  conversationType: 'p2p' | 'group';
  senderStaffId: string;
}

/**
 * DingTalk behind the platform interface. DingTalk offers no idempotency key:
 * the outbox sends each row once, but a crash between a send and its mark can
 * repeat that one message (see the README).
 */
export class DingTalkPlatform implements ChatPlatform {
  readonly name = 'dingtalk' as const;
  private readonly conversations = new Map<string, Conversation>();

  constructor(readonly api: DingTalkApi, private readonly log: Logger, private readonly sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))) {}

  /** Remembers how to answer a received message. */
  remember(messageId: string, conversation: Conversation): void {
    this.conversations.set(messageId, conversation);
    if (this.conversations.size > 5000) this.conversations.delete(this.conversations.keys().next().value!);
  }

  private call<T>(what: string, request: () => Promise<T>): Promise<T> {
    return withRetries(request, (error, attempt) => {
      if (!(error instanceof DingTalkApiError) || !(error.tokenRejected || error.retryable)) return GIVE_UP;
      const waitMs = quickBackoffMs(attempt, error.retryAfterMs);
      return error.tokenRejected ? { retry: true, waitMs, before: () => this.api.forgetToken() } : { retry: true, waitMs };
    }, { attempts: ATTEMPTS, sleep: this.sleep, log: this.log, what: `dingtalk ${what}` });
  }

  async reply(messageId: string, card: Card): Promise<string> {
    const conversation = this.conversations.get(messageId);
    if (!conversation) throw new Error(`no conversation recorded for DingTalk message ${messageId}`);
    const markdown = toDingTalkMarkdown(card);
    if (conversation.sessionWebhook && (conversation.expiresAt ?? 0) > Date.now()) {
      const atUserIds = mentionedAccounts(card, 'dingtalk').map((a) => a.id);
      await this.call('reply', () => this.api.replyBySession(conversation.sessionWebhook!, { msgtype: 'markdown', markdown, ...(atUserIds.length ? { at: { atUserIds } } : {}) }));
      return `session:${messageId}`;
    }
    const target = conversation.conversationType === 'group' ? { chatId: conversation.conversationId } : { userId: conversation.senderStaffId };
    return this.send(target, card);
  }

  async send(target: { chatId: string } | { userId: string }, card: Card): Promise<string> {
    const param = toDingTalkMarkdown(card);
    return 'chatId' in target
      ? this.call('groupSend', () => this.api.sendToGroup(target.chatId, 'sampleMarkdown', param))
      : this.call('batchSend', () => this.api.sendToUsers([target.userId], 'sampleMarkdown', param));
  }

  /** Uploads the file as media, then sends the robot's file message (sampleFile). */
  async sendFile(target: { chatId: string } | { userId: string }, file: OutgoingFile): Promise<string> {
    const mediaId = await this.call('upload', () => this.api.uploadFile(file.name, file.bytes));
    const param = { mediaId, fileName: file.name, fileType: file.name.split('.').pop() ?? 'file' };
    return 'chatId' in target
      ? this.call('groupSend', () => this.api.sendToGroup(target.chatId, 'sampleFile', param))
      : this.call('batchSend', () => this.api.sendToUsers([target.userId], 'sampleFile', param));
  }

  /** DingTalk robot markdown messages cannot be edited; the next reply carries the new state. */
  async update(messageId: string): Promise<void> {
    this.log.debug('dingtalk message not updatable', { messageId });
  }

  async download(_messageId: string, key: string, _kind: 'image' | 'file', maxBytes: number): Promise<Buffer> {
    const url = await this.call('download', () => this.api.downloadUrl(key));
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new DingTalkApiError(response.status, 'DownloadFailed', url);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > maxBytes) throw new TooLargeError(maxBytes);
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks);
  }
}
