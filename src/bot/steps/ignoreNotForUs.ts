import type { Step } from '../chain';
import type { MessageTurn } from '../turn';

/**
 * Stops at what is not for the bot: a message without text, and in a group
 * one that does not @ the bot. An image or file goes on wherever it was sent
 * (fileAttachment decides whether it is evidence).
 */
export const ignoreNotForUs: Step<MessageTurn> = async ({ message }, next) => {
  if (message.attachment) return next();
  if (message.text === null) return;
  if (message.chat.type === 'group' && !message.mentionsBot) return;
  return next();
};
