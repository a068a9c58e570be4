import type { Accepted, Bot } from '../../bot/bot';
import type { IncomingMessage, Mention } from '../../bot/types';
import { p2pChatId } from './cardCallback';
import type { DingTalkConversations } from './conversations';

/** A robot message as DingTalk delivers it (HTTP callback body, or a stream frame's data). */
export interface DingTalkMessage {
  msgId: string;
  msgtype?: string;
  conversationId: string;
  conversationType: string;
  senderStaffId?: string;
  senderNick?: string;
  chatbotUserId?: string;
  isInAtList?: boolean;
  atUsers?: { dingtalkId?: string; staffId?: string }[];
  text?: { content?: string };
  content?: { downloadCode?: string; fileName?: string };
  sessionWebhook?: string;
  sessionWebhookExpiredTime?: number;
  robotCode?: string;
}

/** DingTalk leaves "@名字" in the text; the people it names come as atUsers. */
export function toIncomingMessage(message: DingTalkMessage): IncomingMessage | null {
  if (!message?.msgId || !message.senderStaffId || !message.conversationId) return null;
  const group = message.conversationType === '2';
  const mentions: Mention[] = (message.atUsers ?? [])
    .filter((u) => u.staffId && u.dingtalkId !== message.chatbotUserId)
    .map((u) => ({ key: '', id: u.staffId!, name: u.staffId! }));
  const attachment =
    (message.msgtype === 'picture' || message.msgtype === 'file') && message.content?.downloadCode
      ? { kind: message.msgtype === 'picture' ? 'image' as const : 'file' as const, key: message.content.downloadCode, name: message.content.fileName ?? null }
      : undefined;
  return {
    eventId: `dingtalk:${message.msgId}`,
    messageId: message.msgId,
    // A person's robot chat is named after them, so a card click (which carries no conversation) finds the same chat.
    chat: { platform: 'dingtalk', id: group ? message.conversationId : p2pChatId(message.senderStaffId), type: group ? 'group' : 'p2p' },
    sender: { platform: 'dingtalk', id: message.senderStaffId, name: message.senderNick ?? null },
    text: message.msgtype === 'text' || message.text ? (message.text?.content ?? '').replace(/[@＠][^\s@＠]+/g, ' ') : null,
    mentions,
    // DingTalk delivers group messages to a robot only when it is @-mentioned.
    mentionsBot: !group || message.isInAtList !== false,
    attachment,
  };
}

/**
 * Hands a received message to the bot, remembering its session webhook for the
 * reply. Resolves once the message is recorded (see Bot.accept), null when it
 * is not for the bot; rejects only when it could not be recorded, so that
 * DingTalk delivers it again.
 */
export async function acceptDingTalkMessage(message: DingTalkMessage, bot: Bot, conversations: DingTalkConversations): Promise<Accepted | null> {
  const incoming = toIncomingMessage(message);
  if (!incoming) return null;
  conversations.remember(incoming.messageId, {
    sessionWebhook: message.sessionWebhook,
    expiresAt: message.sessionWebhookExpiredTime,
    conversationId: message.conversationId,
    conversationType: incoming.chat.type,
    senderStaffId: message.senderStaffId!,
  });
  return bot.accept(incoming);
}
