import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of what is being handled — a platform event, a console request, a
 * scheduled run — carried through everything it awaits: every log line names
 * it, and outbox rows queued under it keep it for their deliveries.
 */
const context = new AsyncLocalStorage<string>();

/** Runs `work` under `id`; without an id, under whatever id is current. */
export function withRequestId<T>(id: string | undefined, work: () => T): T {
  return id ? context.run(id, work) : work();
}

export function currentRequestId(): string | undefined {
  return context.getStore();
}
