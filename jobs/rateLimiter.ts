/**
 * Keeps sends under Feishu's limits on our side: at most `perSecond` in any
 * second for the app, and `perTargetPerSecond` to any one chat or user.
 * Real time, sliding one-second windows.
 */
export class RateLimiter {
  private readonly all: number[] = [];
  private readonly byTarget = new Map<string, number[]>();

  constructor(
    private readonly perSecond: number,
    private readonly perTargetPerSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Waits until one more send to `target` stays within both limits, then counts it. */
  async acquire(target: string): Promise<void> {
    for (;;) {
      const now = this.now();
      const targetWindow = this.byTarget.get(target) ?? [];
      prune(this.all, now);
      prune(targetWindow, now);
      const wait = Math.max(
        this.all.length >= this.perSecond ? this.all[0] + 1000 - now : 0,
        targetWindow.length >= this.perTargetPerSecond ? targetWindow[0] + 1000 - now : 0,
      );
      if (wait <= 0) {
        this.all.push(now);
        targetWindow.push(now);
        this.byTarget.set(target, targetWindow);
        if (this.byTarget.size > 10_000) this.forgetIdle(now);
        return;
      }
      await this.sleep(wait);
    }
  }

  private forgetIdle(now: number): void {
    for (const [key, window] of this.byTarget) {
      prune(window, now);
      if (!window.length) this.byTarget.delete(key);
    }
  }
}

function prune(window: number[], now: number): void {
  while (window.length && window[0] <= now - 1000) window.shift();
}
