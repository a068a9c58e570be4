import type { Step } from '../chain';
import { claimEvent } from '../inboundEvents';
import type { ClickTurn } from '../turn';

/**
 * Records a card click under its event id before it is applied; a callback
 * seen before (a replay within the signature's window, a redelivery) stops
 * here, answered as already handled. A click without an id is not recorded.
 */
export const recordClick: Step<ClickTurn> = async (turn, next) => {
  const { action } = turn;
  if (action.eventId) {
    const payload = { messageId: action.messageId, operator: action.operator.id, value: action.value };
    const fresh = await claimEvent(turn.app.db, { id: action.eventId, platform: action.chat.platform, kind: 'card_action', payload });
    if (!fresh) {
      turn.log.warn('duplicate card action ignored', { eventId: action.eventId });
      turn.result = { toast: { type: 'info', content: '这个操作已经处理过了' } };
      return;
    }
  }
  return next();
};
