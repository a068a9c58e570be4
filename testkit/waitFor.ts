/** Polls `probe` until it returns something truthy, for tests waiting on a fake server. */
export async function waitFor<T>(probe: () => T | undefined | null | false | 0, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value as T;
    if (Date.now() > until) throw new Error(`timed out waiting on ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
