import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * Events built the way Feishu builds them: the JSON encrypted with AES-256-CBC
 * under sha256(encryptKey) with a random IV in front, base64; signed with
 * sha256(timestamp + nonce + encryptKey + body).
 */
export function encrypt(payload: unknown, encryptKey: string): { encrypt: string } {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return { encrypt: Buffer.concat([iv, encrypted]).toString('base64') };
}

export function sign(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + body).digest('hex');
}

export interface PostOptions {
  encryptKey: string;
  timestamp?: number;
  nonce?: string;
  forgeSignature?: boolean;
  unsigned?: boolean;
}

/** Posts an event to the webhook exactly as Feishu would; returns status and body. */
export async function postEvent(url: string, payload: unknown, options: PostOptions): Promise<{ status: number; body: any }> {
  const body = JSON.stringify(encrypt(payload, options.encryptKey));
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomUUID();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!options.unsigned) {
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = options.forgeSignature ? sign(timestamp, nonce, 'wrong-key', body) : sign(timestamp, nonce, options.encryptKey, body);
  }
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

let sequence = 0;

export interface MessageOptions {
  eventId?: string;
  token: string;
  senderOpenId: string;
  chatType?: 'p2p' | 'group';
  chatId?: string;
  messageId?: string;
  parentId?: string;
  text?: string;
  mentions?: { key: string; open_id: string; name: string }[];
  image?: string;
  file?: { key: string; name: string };
}

/** An im.message.receive_v1 event (schema 2.0). */
export function messageEvent(options: MessageOptions) {
  sequence++;
  const type = options.image ? 'image' : options.file ? 'file' : 'text';
  const content = options.image ? { image_key: options.image } : options.file ? { file_key: options.file.key, file_name: options.file.name } : { text: options.text };
  return {
    schema: '2.0',
    header: {
      event_id: options.eventId ?? `evt_${Date.now()}_${sequence}`,
      event_type: 'im.message.receive_v1',
      create_time: String(Date.now()),
      token: options.token,
      app_id: 'cli_a1b2c3d4e5f60718',
      tenant_key: 'tenant_fake',
    },
    event: {
      sender: { sender_id: { open_id: options.senderOpenId, user_id: 'u1', union_id: 'on_1' }, sender_type: 'user', tenant_key: 'tenant_fake' },
      message: {
        message_id: options.messageId ?? `om_in_${sequence}`,
        ...(options.parentId ? { parent_id: options.parentId, root_id: options.parentId } : {}),
        create_time: String(Date.now()),
        chat_id: options.chatId ?? 'oc_p2p_1',
        chat_type: options.chatType ?? 'p2p',
        message_type: type,
        content: JSON.stringify(content),
        mentions: (options.mentions ?? []).map((m) => ({ key: m.key, id: { open_id: m.open_id, user_id: 'u', union_id: 'on' }, name: m.name, tenant_key: 'tenant_fake' })),
      },
    },
  };
}

/** A card.action.trigger callback (schema 2.0). */
export function cardActionEvent(options: { token: string; operatorOpenId: string; value: Record<string, unknown>; messageId: string; chatId?: string }) {
  sequence++;
  return {
    schema: '2.0',
    header: { event_id: `evt_card_${Date.now()}_${sequence}`, event_type: 'card.action.trigger', create_time: String(Date.now() * 1000), token: options.token, app_id: 'cli_a1b2c3d4e5f60718', tenant_key: 'tenant_fake' },
    event: {
      operator: { tenant_key: 'tenant_fake', open_id: options.operatorOpenId, union_id: 'on_x' },
      token: 'c-card-token',
      action: { value: options.value, tag: 'button' },
      host: 'im_message',
      context: { open_message_id: options.messageId, open_chat_id: options.chatId ?? 'oc_p2p_1' },
    },
  };
}
