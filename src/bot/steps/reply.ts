import type { Card } from '../../rendering/card';
import { rememberBotMessage } from '../../register/evidenceRequests';
import type { Step } from '../chain';
import type { MessageTurn } from '../turn';

/** Sends the answer the steps after it decided, if any, in reply to the message. */
export const reply: Step<MessageTurn> = async (turn, next) => {
  await next();
  if (turn.answer) await sendReply(turn, turn.answer);
};

export async function sendReply(turn: MessageTurn, card: Card): Promise<void> {
  const { app, message } = turn;
  const sent = await turn.platform.reply(message.messageId, card, `r-${message.eventId}`.slice(0, 50));
  // Remembered only for cards about one item: a reply to such a card can attach evidence to it.
  if (!card.commitmentId) return;
  await rememberBotMessage(app.db, { platform: message.chat.platform, messageId: sent, chatId: message.chat.id, commitmentId: card.commitmentId, at: app.clock.now() });
}
