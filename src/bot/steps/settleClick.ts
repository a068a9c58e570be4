import type { Step } from '../chain';
import { finishEvent } from '../inboundEvents';
import type { ClickTurn } from '../turn';

/** Marks a recorded click done once applied, or failed when a step threw; then the toast says it failed. */
export const settleClick: Step<ClickTurn> = async (turn, next) => {
  const { app, action } = turn;
  try {
    await next();
    if (action.eventId) await finishEvent(app.db, action.eventId);
  } catch (error) {
    turn.log.error('card action failed', { eventId: action.eventId, error: String((error as Error).stack ?? error) });
    if (action.eventId) await finishEvent(app.db, action.eventId, error).catch(() => undefined);
    turn.result = { toast: { type: 'error', content: '操作失败，请稍后再试' } };
  }
};
