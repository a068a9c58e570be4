import { createHash } from 'node:crypto';
import type { Bot } from '../../bot/bot';
import type { CardAction } from '../../bot/types';
import { clickedValue, toDingTalkCardData } from '../../rendering/dingtalkInteractiveCard';

/**
 * A click on an interactive card, as DingTalk calls back (Stream topic
 * /v1.0/card/instances/callback, or an HTTP POST in callback mode).
 */
export interface DingTalkCardCallback {
  outTrackId: string;
  userId: string;
  /** JSON: {"cardPrivateData":{"actionIds":[…],"params":{"value":"<button value JSON>"}}} */
  content: string;
  spaceType?: string;
  spaceId?: string;
  corpId?: string;
  type?: string;
}

export function isCardCallback(body: unknown): body is DingTalkCardCallback {
  const b = body as Partial<DingTalkCardCallback> | null;
  return !!b && typeof b.outTrackId === 'string' && typeof b.content === 'string' && typeof b.userId === 'string';
}

/** What DingTalk expects back: the card's variables to change (the click's answer in `notice`, the new card if any). */
export interface CardCallbackResponse {
  cardUpdateOptions?: { updateCardDataByKey: boolean };
  cardData?: { cardParamMap: Record<string, string> };
}

/** DingTalk's robot chat with one person, the same id messages from them carry. */
export const p2pChatId = (staffId: string) => `p2p:${staffId}`;

export function toCardAction(callback: DingTalkCardCallback, eventId: string): (CardAction & { eventId: string }) | null {
  let params: Record<string, unknown> | undefined;
  try {
    params = JSON.parse(callback.content)?.cardPrivateData?.params;
  } catch {
    return null;
  }
  const value = clickedValue(params);
  if (!value) return null;
  const group = callback.spaceType === 'IM_GROUP' && !!callback.spaceId;
  return {
    eventId,
    messageId: callback.outTrackId,
    chat: { platform: 'dingtalk', id: group ? callback.spaceId! : p2pChatId(callback.userId), type: group ? 'group' : 'p2p' },
    operator: { platform: 'dingtalk', id: callback.userId, name: null },
    value,
  };
}

/** A callback without an id of its own (HTTP mode): its content identifies it, so a redelivery is recognised. */
export function callbackEventId(callback: DingTalkCardCallback, deliveryId?: string): string {
  if (deliveryId) return `dingtalk-card:${deliveryId}`;
  return `dingtalk-card:${createHash('sha256').update(JSON.stringify([callback.outTrackId, callback.userId, callback.content])).digest('hex').slice(0, 40)}`;
}

/**
 * Runs the click once: a redelivered callback changes nothing (the bot answers it as already handled).
 * Permissions and outcomes are the bot's, exactly as for a Feishu button.
 */
export async function answerCardCallback(callback: DingTalkCardCallback, bot: Bot, deliveryId?: string): Promise<CardCallbackResponse> {
  const action = toCardAction(callback, callbackEventId(callback, deliveryId));
  if (!action) return {};
  // The bot records the click under its event id: a redelivery is answered without being applied again.
  const result = await bot.cardAction(action);
  return {
    cardUpdateOptions: { updateCardDataByKey: true },
    cardData: { cardParamMap: result.card ? toDingTalkCardData(result.card, result.toast.content) : { notice: result.toast.content } },
  };
}
