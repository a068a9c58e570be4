import { AsyncLocalStorage } from 'node:async_hooks';

const urgent = new AsyncLocalStorage<true>();

/**
 * Runs `work` with its database statements ahead of everyone else's. Recording
 * an arriving event is urgent: a platform redelivers what is not acknowledged
 * within seconds, while handling can wait its turn.
 */
export function asUrgent<T>(work: () => Promise<T>): Promise<T> {
  return urgent.run(true, work);
}

export function isUrgent(): boolean {
  return urgent.getStore() === true;
}
