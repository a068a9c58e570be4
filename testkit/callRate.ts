/**
 * A platform's per-app call limit, as the fakes enforce it: at most
 * `perSecond` calls in any sliding second; `throttled` counts the refusals,
 * so a test or the bench can show that duban stayed under the limit.
 */
export class CallRate {
  throttled = 0;
  private readonly recent: number[] = [];

  constructor(readonly perSecond: number) {}

  /** Whether a call arriving now is let through. */
  admit(now = Date.now()): boolean {
    while (this.recent.length && this.recent[0] <= now - 1000) this.recent.shift();
    if (this.recent.length >= this.perSecond) {
      this.throttled++;
      return false;
    }
    this.recent.push(now);
    return true;
  }
}
