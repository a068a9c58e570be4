import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../logger';
import type { Card } from '../../rendering/card';
import { toFeishuCard } from '../../rendering/feishuCard';
import { ChatPlatform, OutgoingFile, TooLargeError } from '../platform';
import { asFeishuError, ensureOk, FeishuApiError } from './client';
import { GIVE_UP, quickBackoffMs, withRetries } from '../retry';

const ATTEMPTS = 3;
/** Token rejected (expired, revoked, malformed): fetch a new one and try again. */
const TOKEN_ERRORS = new Set([99991663, 99991664, 99991671, 99991661, 99991668]);

/** Feishu through the official SDK. Every message carries a uuid, so a retry never posts twice. */
export class FeishuPlatform implements ChatPlatform {
  readonly name = 'feishu' as const;

  constructor(private readonly client: lark.Client, private readonly log: Logger, private readonly sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))) {}

  private call<T extends { code?: number; msg?: string }>(what: string, request: () => Promise<T>): Promise<T> {
    const checked = async () => {
      try {
        return ensureOk(await request());
      } catch (raw) {
        throw raw instanceof FeishuApiError ? raw : asFeishuError(raw);
      }
    };
    return withRetries(checked, (error, attempt) => {
      if (!(error instanceof FeishuApiError)) return GIVE_UP;
      if (TOKEN_ERRORS.has(error.code)) return { retry: true, waitMs: 0, before: () => this.forgetToken() };
      return error.retryable ? { retry: true, waitMs: quickBackoffMs(attempt, error.retryAfterMs) } : GIVE_UP;
    }, { attempts: ATTEMPTS, sleep: this.sleep, log: this.log, what: `feishu ${what}` });
  }

  private async forgetToken(): Promise<void> {
    const internals = this.client as unknown as { appId: string; tokenManager?: { cache?: lark.Cache } };
    await internals.tokenManager?.cache?.set(lark.CTenantAccessToken, '', 0, { namespace: internals.appId });
  }

  async reply(messageId: string, card: Card, idempotencyKey: string): Promise<string> {
    const response = await this.call('reply', () => this.client.im.message.reply({
      path: { message_id: messageId },
      data: { msg_type: 'interactive', content: JSON.stringify(toFeishuCard(card)), uuid: idempotencyKey },
    }));
    return response.data?.message_id ?? '';
  }

  async send(target: { chatId: string } | { userId: string }, card: Card, idempotencyKey: string): Promise<string> {
    const byChat = 'chatId' in target;
    const response = await this.call('send', () => this.client.im.message.create({
      params: { receive_id_type: byChat ? 'chat_id' : 'open_id' },
      data: { receive_id: byChat ? target.chatId : target.userId, msg_type: 'interactive', content: JSON.stringify(toFeishuCard(card)), uuid: idempotencyKey },
    }));
    return response.data?.message_id ?? '';
  }

  /** Uploads the file (im.file.create), then posts it as a `file` message. */
  async sendFile(target: { chatId: string } | { userId: string }, file: OutgoingFile, idempotencyKey: string): Promise<string> {
    const uploaded = await this.call('upload', async () => {
      // The SDK returns the upload's inner data ({ file_key }) rather than the envelope.
      const result = (await this.client.im.file.create({ data: { file_type: fileType(file.name), file_name: file.name, file: file.bytes } })) as { file_key?: string; data?: { file_key?: string } } | null;
      const fileKey = result?.file_key ?? result?.data?.file_key;
      if (!fileKey) throw new FeishuApiError(-1, 'upload returned no file_key');
      return { code: 0, fileKey };
    });
    const byChat = 'chatId' in target;
    const response = await this.call('send file', () => this.client.im.message.create({
      params: { receive_id_type: byChat ? 'chat_id' : 'open_id' },
      data: { receive_id: byChat ? target.chatId : target.userId, msg_type: 'file', content: JSON.stringify({ file_key: uploaded.fileKey }), uuid: idempotencyKey },
    }));
    return response.data?.message_id ?? '';
  }

  async markUrgent(messageId: string, userIds: string[], sms: boolean): Promise<void> {
    const request = { path: { message_id: messageId }, params: { user_id_type: 'open_id' as const }, data: { user_id_list: userIds } };
    await this.call('urgent_app', () => this.client.im.message.urgentApp(request));
    // SMS urgency spends the tenant's paid allowance: only when the office turned it on.
    if (sms) await this.call('urgent_sms', () => this.client.im.message.urgentSms(request));
  }

  async download(messageId: string, key: string, kind: 'image' | 'file', maxBytes: number): Promise<Buffer> {
    let resource;
    try {
      resource = await this.client.im.messageResource.get({ path: { message_id: messageId, file_key: key }, params: { type: kind } });
    } catch (error) {
      throw asFeishuError(await withStreamedBody(error));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const stream = resource.getReadableStream();
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        stream.destroy();
        throw new TooLargeError(maxBytes);
      }
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }
}

function fileType(name: string): 'doc' | 'xls' | 'pdf' | 'stream' {
  const extension = name.split('.').pop()?.toLowerCase();
  if (extension === 'docx' || extension === 'doc') return 'doc';
  if (extension === 'xlsx' || extension === 'xls') return 'xls';
  return extension === 'pdf' ? 'pdf' : 'stream';
}

/** Resource calls ask for a stream, so an error body arrives as a stream too: read it to learn Feishu's code. */
async function withStreamedBody(error: unknown): Promise<unknown> {
  const response = (error as { response?: { data?: unknown } }).response;
  const data = response?.data as AsyncIterable<Buffer> | undefined;
  if (!response || !data || typeof (data as any)[Symbol.asyncIterator] !== 'function') return error;
  const chunks: Buffer[] = [];
  for await (const chunk of data) chunks.push(Buffer.from(chunk));
  try {
    response.data = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    response.data = {};
  }
  return error;
}
