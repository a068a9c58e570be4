/** Requests a fake server keeps unanswered until the test releases them. */
export class HeldRequests {
  private holds: { match: RegExp; open: Promise<void> }[] = [];

  /** Requests whose "METHOD /path" matches wait until the returned function is called. */
  hold(match: RegExp): () => void {
    let release!: () => void;
    const held = { match, open: new Promise<void>((resolve) => (release = resolve)) };
    this.holds.push(held);
    return () => {
      this.holds = this.holds.filter((h) => h !== held);
      release();
    };
  }

  /** Resolves when a request on `route` may be answered. */
  async until(route: string): Promise<void> {
    const held = this.holds.find((h) => h.match.test(route));
    if (held) await held.open;
  }
}
