import { notice } from '../../rendering/card';
import type { Step } from '../chain';
import { finishEvent } from '../inboundEvents';
import type { MessageTurn } from '../turn';
import { sendReply } from './reply';

/**
 * Marks the recorded event done once the rest of the chain has handled it, or
 * failed when a step threw; then the user is told something went wrong. Never
 * throws: a recorded message is not delivered again.
 */
export const settleEvent: Step<MessageTurn> = async (turn, next) => {
  const { app, message } = turn;
  try {
    await next();
    await finishEvent(app.db, message.eventId);
  } catch (error) {
    turn.log.error('event failed', { eventId: message.eventId, error: String((error as Error).stack ?? error) });
    await finishEvent(app.db, message.eventId, error).catch(() => undefined);
    await sendReply(turn, notice('系统繁忙', '处理您的消息时出错了，已记录。请稍后再试，或联系督查室。', 'red')).catch(() => undefined);
  }
};
