/** The work a process has started and not finished, so that a shutdown can wait for it. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves once nothing is running, or at `deadline` (ms since epoch); true when all finished. */
  async settled(deadline = Infinity): Promise<boolean> {
    while (this.running.size) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...this.running]),
        new Promise((resolve) => (timer = setTimeout(resolve, Math.min(left, 2 ** 31 - 1)))),
      ]);
      clearTimeout(timer);
    }
    return true;
  }
}
