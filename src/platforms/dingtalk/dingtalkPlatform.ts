import type { Card } from '../../rendering/card';
import { toDingTalkMarkdown } from '../../rendering/dingtalkCard';
import { toDingTalkCardData } from '../../rendering/dingtalkInteractiveCard';
import { mentionedAccounts } from '../../rendering/mention';
import type { Logger } from '../../logger';
import { ChatPlatform, OutgoingFile, TooLargeError } from '../platform';
import { DingTalkApi, DingTalkApiError } from './api';
import { DingTalkConversations } from './conversations';
import { GIVE_UP, quickBackoffMs, withRetries } from '../retry';

const ATTEMPTS = 3;

/**
 * DingTalk behind the platform interface. With a card template configured,
 * cards go out as interactive cards whose buttons call back, each under an
 * outTrackId from the caller's idempotency key (DingTalk keeps one card per
 * id, so a resend after a crash posts nothing new). Without one, or where a
 * card cannot be delivered, they go as markdown with the command to send;
 * markdown has no idempotency key (see the README).
 */
export class DingTalkPlatform implements ChatPlatform {
  readonly name = 'dingtalk' as const;

  constructor(
    readonly api: DingTalkApi,
    private readonly log: Logger,
    private readonly sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
    /** Where DingTalk calls back for card clicks: the stream, or the HTTP callback. */
    private readonly callbackType: 'STREAM' | 'HTTP' = 'STREAM',
    /** How to answer the messages received (filled by the receiving side, see events.ts). */
    private readonly conversations = new DingTalkConversations(),
  ) {}

  private call<T>(what: string, request: () => Promise<T>): Promise<T> {
    return withRetries(request, (error, attempt) => {
      if (!(error instanceof DingTalkApiError) || !(error.tokenRejected || error.retryable)) return GIVE_UP;
      const waitMs = quickBackoffMs(attempt, error.retryAfterMs);
      return error.tokenRejected ? { retry: true, waitMs, before: () => this.api.forgetToken() } : { retry: true, waitMs };
    }, { attempts: ATTEMPTS, sleep: this.sleep, log: this.log, what: `dingtalk ${what}` });
  }

  async reply(messageId: string, card: Card, idempotencyKey: string): Promise<string> {
    const conversation = this.conversations.of(messageId);
    if (!conversation) throw new Error(`no conversation recorded for DingTalk message ${messageId}`);
    const target = conversation.conversationType === 'group' ? { chatId: conversation.conversationId } : { userId: conversation.senderStaffId };
    // A card with buttons is worth an interactive card; anything else answers in the conversation.
    if (hasButtons(card)) {
      const sent = await this.sendCard(target, card, idempotencyKey);
      if (sent) return sent;
    }
    const markdown = toDingTalkMarkdown(card);
    if (conversation.sessionWebhook && (conversation.expiresAt ?? 0) > Date.now()) {
      const atUserIds = mentionedAccounts(card, 'dingtalk').map((a) => a.id);
      await this.call('reply', () => this.api.replyBySession(conversation.sessionWebhook!, { msgtype: 'markdown', markdown, ...(atUserIds.length ? { at: { atUserIds } } : {}) }));
      return `session:${messageId}`;
    }
    return this.sendMarkdown(target, card);
  }

  async send(target: { chatId: string } | { userId: string }, card: Card, idempotencyKey: string): Promise<string> {
    return (await this.sendCard(target, card, idempotencyKey)) ?? this.sendMarkdown(target, card);
  }

  /** The card as an interactive card; null when cards are not configured or not usable here (then markdown is sent). */
  private async sendCard(target: { chatId: string } | { userId: string }, card: Card, idempotencyKey: string): Promise<string | null> {
    if (!this.api.settings.cardTemplateId) return null;
    const outTrackId = `duban-${idempotencyKey}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
    const atUserIds = Object.fromEntries(mentionedAccounts(card, 'dingtalk').map((a) => [a.id, a.name]));
    try {
      await this.call('card', () => this.api.createAndDeliverCard({ outTrackId, target, cardParamMap: toDingTalkCardData(card), atUserIds, callbackType: this.callbackType }));
      return `card:${outTrackId}`;
    } catch (error) {
      if (!(error instanceof DingTalkApiError)) throw error;
      if (/Exist|Duplicat/i.test(error.code)) return `card:${outTrackId}`;
      if (error.retryable || error.tokenRejected) throw error;
      this.log.warn('dingtalk interactive card not usable, sent as markdown', { code: error.code });
      return null;
    }
  }

  private async sendMarkdown(target: { chatId: string } | { userId: string }, card: Card): Promise<string> {
    // groupMessages/send and oToMessages/batchSend carry no atUserIds: leaders are named, not shown by id.
    const param = toDingTalkMarkdown(card, 'names');
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

const hasButtons = (card: Card) => !!card.buttons?.length || card.blocks.some((b) => b.kind === 'buttons');
