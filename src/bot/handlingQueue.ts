/**
 * Runs at most `limit` handlers at once; the rest wait their turn in arrival
 * order. A burst of events then queues in memory, already recorded, instead of
 * queueing its recording behind everyone's handling at the database.
 */
export class HandlingQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Whether work given now would wait for a turn. */
  get full(): boolean {
    return this.running >= this.limit;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.full) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      // The turn passes straight to the next in line, so a newcomer cannot jump the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
