import { fileEvidence } from '../../../commands/attachment';
import type { Step } from '../chain';
import type { MessageTurn } from '../turn';

/** An image or file is answered by the evidence handler (commands/attachment); anything else goes on. */
export const fileAttachment: Step<MessageTurn> = async (turn, next) => {
  const { message, platform } = turn;
  const attachment = message.attachment;
  if (!attachment) return next();
  const outcome = await fileEvidence({
    app: turn.app, sender: message.sender, chat: message.chat, attachment, parentId: message.parentId,
    download: (maxBytes) => platform.download(message.messageId, attachment.key, attachment.kind, maxBytes),
  });
  if (outcome.card) turn.answer = outcome.card;
};
