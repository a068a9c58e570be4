import * as lark from '@larksuiteoapi/node-sdk';
import type { Bot } from '../../bot/bot';
import type { IncomingMessage, Mention } from '../../bot/types';
import type { Logger } from '../../logger';
import { toFeishuCard } from '../../rendering/feishuCard';
import { sdkLogger } from './client';
import { untilAnswerable } from '../platform';


interface FeishuMention { key: string; id?: { open_id?: string }; name?: string }

interface MessageEvent {
  event_id: string;
  sender?: { sender_id?: { open_id?: string }; sender_type?: string };
  message: {
    message_id: string;
    parent_id?: string;
    chat_id: string;
    chat_type: string;
    message_type: string;
    content: string;
    mentions?: FeishuMention[];
  };
}

function textOf(type: string, content: Record<string, unknown>): string | null {
  if (type === 'text') return typeof content.text === 'string' ? content.text : null;
  if (type === 'post') {
    const paragraphs = (content.content ?? []) as { tag: string; text?: string; user_id?: string }[][];
    return paragraphs.map((p) => p.map((e) => (e.tag === 'text' ? e.text ?? '' : e.tag === 'at' ? ` ${e.user_id ?? ''} ` : '')).join('')).join('\n');
  }
  return null;
}

/** Fields a message event cannot be handled without, by path; empty when all are there. */
export function missingMessageFields(event: Partial<MessageEvent>): string[] {
  const required: [string, unknown][] = [
    ['event_id', event.event_id],
    ['message.message_id', event.message?.message_id],
    ['message.chat_id', event.message?.chat_id],
    ['message.chat_type', event.message?.chat_type],
    ['message.message_type', event.message?.message_type],
  ];
  return required.filter(([, value]) => typeof value !== 'string' || !value).map(([path]) => path);
}

/** A Feishu message event as a platform-neutral message; null for what the bot ignores. */
export function toIncomingMessage(event: MessageEvent, botOpenId: string | null): IncomingMessage | null {
  if (event.sender?.sender_type && event.sender.sender_type !== 'user') return null;
  const senderId = event.sender?.sender_id?.open_id;
  if (!senderId || !event.message) return null;
  let content: Record<string, unknown> = {};
  try {
    content = JSON.parse(event.message.content ?? '{}');
  } catch {
    content = {};
  }
  const all = (event.message.mentions ?? []).filter((m) => m.key !== '@_all');
  // Without the bot's own id nobody can tell which mention is the bot: none is guessed (see mentionsUnresolved).
  const botMention = botOpenId ? all.find((m) => m.id?.open_id === botOpenId) : undefined;
  const mentions: Mention[] = all.filter((m) => m !== botMention && m.id?.open_id).map((m) => ({ key: m.key, id: m.id!.open_id!, name: m.name ?? '' }));
  const type = event.message.message_type;
  const attachment =
    type === 'image' && typeof content.image_key === 'string' ? { kind: 'image' as const, key: content.image_key, name: null }
      : type === 'file' && typeof content.file_key === 'string' ? { kind: 'file' as const, key: content.file_key, name: typeof content.file_name === 'string' ? content.file_name : null }
        : undefined;
  return {
    eventId: event.event_id,
    messageId: event.message.message_id,
    chat: { platform: 'feishu', id: event.message.chat_id, type: event.message.chat_type === 'p2p' ? 'p2p' : 'group' },
    sender: { platform: 'feishu', id: senderId, name: null },
    text: textOf(type, content),
    mentions,
    // A group message reaches the bot only when it is @-mentioned, so with any mention it is for us.
    mentionsBot: botOpenId ? !!botMention : all.length > 0,
    ...(botOpenId || !all.length ? {} : { mentionsUnresolved: true }),
    attachment,
    parentId: event.message.parent_id || undefined,
  };
}

/**
 * The SDK's dispatcher with duban's two handlers. Handlers never throw: an
 * exception inside the SDK's adapter would take the process down.
 */
export function createEventDispatcher(options: { encryptKey?: string; bot: Bot; botOpenId: () => string | null; log: Logger; answerWithinMs?: number }): lark.EventDispatcher {
  const ignoreMalformed = (type: string, data: { event_id?: unknown }, missing: string[]) => {
    options.log.warn('event with missing fields ignored', { type, eventId: typeof data.event_id === 'string' ? data.event_id : null, missing });
    return {};
  };
  const dispatcher = new lark.EventDispatcher({ encryptKey: options.encryptKey ?? '', loggerLevel: lark.LoggerLevel.warn, logger: sdkLogger(options.log) });
  const handlers: Record<string, (data: any) => Promise<unknown>> = {
    'im.message.receive_v1': async (data: MessageEvent) => {
      const missing = missingMessageFields(data);
      // Answered 200: a malformed event stays malformed, and an error would make Feishu resend it for a day.
      if (missing.length) return ignoreMalformed('im.message.receive_v1', data, missing);
      const message = toIncomingMessage(data, options.botOpenId());
      if (!message) return {};
      // A failure to record the event surfaces (the webhook answers 500, the long
      // connection nacks) so Feishu delivers it again. A recorded message waiting
      // its turn in a burst is acknowledged at once (Feishu resends after 3 s);
      // one being handled gets a moment to finish first.
      await untilAnswerable(await options.bot.accept(message), options.answerWithinMs);
      return {};
    },
    'card.action.trigger': async (data: any) => {
      try {
        const operator = data.operator?.open_id;
        const messageId = data.context?.open_message_id;
        const missing = [['event_id', data.event_id], ['operator.open_id', operator], ['context.open_message_id', messageId]]
          .filter(([, value]) => typeof value !== 'string' || !value).map(([path]) => path as string);
        if (!data.action?.value || typeof data.action.value !== 'object') missing.push('action.value');
        if (missing.length) return ignoreMalformed('card.action.trigger', data, missing);
        const result = await options.bot.cardAction({
          eventId: data.event_id,
          messageId,
          chat: { platform: 'feishu', id: data.context?.open_chat_id ?? '', type: 'group' },
          operator: { platform: 'feishu', id: operator, name: null },
          value: data.action.value,
        });
        return result.card ? { toast: result.toast, card: { type: 'raw', data: toFeishuCard(result.card) } } : { toast: result.toast };
      } catch (error) {
        options.log.error('card action handler failed', { error: String(error) });
        return { toast: { type: 'error', content: '操作失败，请稍后再试' } };
      }
    },
  };
  dispatcher.register(handlers as any);
  return dispatcher;
}
