import type { Db } from '../../db/connection';
import { asUrgent } from '../../db/urgency';
import { claimEvents, InboundEvent } from './inboundEvents';

const MAX_BATCH = 200;

/**
 * Records events as they arrive, those arriving in the same turn of the event
 * loop in one statement: in a burst, 500 events are a few inserts rather than
 * 500 queued one behind the other (on PGlite, behind everyone's handling too),
 * so each can be acknowledged quickly. A failed batch is retried one event at a
 * time, so only the event that cannot be recorded is refused.
 */
export class EventRecorder {
  private pending: { event: InboundEvent; settle: (fresh: Promise<boolean>) => void }[] = [];
  private scheduled = false;

  constructor(private readonly db: Db) {}

  /** Resolves true when the event is new (or taken over from a dead process), false for a repeat. */
  claim(event: InboundEvent): Promise<boolean> {
    return new Promise<boolean>((settle) => {
      this.pending.push({ event, settle });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length) {
      const batch = this.pending.splice(0, MAX_BATCH);
      const claimed = asUrgent(() => claimEvents(this.db, batch.map((b) => b.event)));
      // A lone event that failed has had its one try; it is refused (the platform delivers it again).
      batch.forEach((b, i) => b.settle(claimed.then(
        (fresh) => fresh[i],
        (error) => (batch.length > 1 ? asUrgent(() => claimEvents(this.db, [b.event])).then((fresh) => fresh[0]) : Promise.reject(error)),
      )));
    }
  }
}
