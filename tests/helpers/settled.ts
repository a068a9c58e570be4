import type { Db } from '../../db/connection';
import type { Bot } from '../../src/bot/bot';

/**
 * Returns once the event's outcome is recorded (done or failed; skipped when no
 * id is given) and the bot has finished everything it started, a redelivery of
 * the event included. A reply that should not have been sent is there by then,
 * so "nothing more happened" can be asserted without sleeping.
 */
export async function eventSettled(db: Db, bot: Bot, eventId?: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (eventId) {
    const row = await db.selectFrom('inbound_events').select('status').where('event_id', '=', eventId).executeTakeFirst();
    if (row && row.status !== 'received') break;
    if (Date.now() > until) throw new Error(`event ${eventId} has no recorded outcome`);
    await new Promise((r) => setTimeout(r, 20));
  }
  if (!(await bot.inFlight.settled(until))) throw new Error('the bot is still handling events');
}
