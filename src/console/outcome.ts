import type { Outcome } from '../register/lifecycle';
import { ConsoleRefusal } from './refusal';

const STATUS = { forbidden: 403, missing: 404, already: 409, invalid: 400 } as const;

/** A lifecycle step's refusal as the console answers it; the message is the register's own. */
export function requireDone<T extends Outcome>(outcome: T): asserts outcome is Extract<T, { ok: true }> {
  if (!outcome.ok) throw new ConsoleRefusal(STATUS[outcome.refusal], outcome.message);
}
