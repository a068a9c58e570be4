import { withRequestId } from '../../requestContext';
import type { Step } from '../chain';
import type { EventRecorder } from '../eventRecorder';
import type { HandlingQueue } from '../handlingQueue';
import type { MessageTurn } from '../turn';

/**
 * Records the message before anything else (the platform may then be
 * answered, see Bot.accept); a repeat of an event stops here. The rest of the
 * chain waits for a handling turn, under the event's id as the request id.
 */
export function recordEvent(recorder: EventRecorder, handling: HandlingQueue): Step<MessageTurn> {
  return (turn, next) => {
    const { message } = turn;
    // The event id is the request id: every line logged while handling it, and the deliveries it queues, carry it.
    const recorded = withRequestId(message.eventId, () => recorder.claim({ id: message.eventId, platform: message.chat.platform, kind: 'message', payload: message }));
    // A `then` registered now reacts before Bot.accept's, so `waiting` is decided when accept reads it. (An `await`
    // may resume turns later, when the promise is of another realm, as under jest: accept would read it too early.)
    const handled = recorded.then((fresh) => {
      if (!fresh) {
        turn.log.info('duplicate event ignored', { eventId: message.eventId });
        return;
      }
      turn.waiting = handling.full;
      return handling.run(() => withRequestId(message.eventId, next));
    });
    turn.recorded = recorded;
    return handled;
  };
}
