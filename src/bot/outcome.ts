import { parseDeadline } from '../ingest/deadline';
import { echo } from '../rendering/text';
import type { Outcome } from '../register/lifecycle';
import { refuse, Reply } from './arguments';

/**
 * Ends the command unless the lifecycle step went through: a repeat (a second
 * click, a concurrent approval already decided) leaves the item unchanged and
 * says so in grey; anything else is refused, in red.
 */
export function requireOk<T extends Outcome>(outcome: T): asserts outcome is Extract<T, { ok: true }> {
  if (!outcome.ok) throw new Reply(outcome.refusal === 'already' ? 'unchanged' : 'refused', outcome.message);
}

/**
 * A new deadline as the importer reads it (`1月31日`, `2023-01-31`, `3月底`); a
 * day without a year that has already passed this year means next year.
 */
export function parseNewDeadline(text: string | undefined, today: string, usage: string): string {
  if (!text) throw refuse(`请给出新的完成时限，例如 1月31日 或 2023-01-31。用法：${usage}`);
  const deadline = readNewDeadline(text, today);
  if (!deadline) throw refuse(vagueDeadline(echo(text, 20)));
  return deadline;
}

/** `text` as a calendar day (YYYY-MM-DD), or null when it names no day that can be computed. */
export function readNewDeadline(text: string, today: string): string | null {
  const year = Number(today.slice(0, 4));
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.normalize('NFKC').trim());
  const { deadline } = parseDeadline(iso ? `${iso[1]}年${iso[2]}月${iso[3]}日` : text, year);
  if (!deadline) return null;
  if (deadline < today && !/\d{4}/.test(text.normalize('NFKC'))) return parseDeadline(text, year + 1).deadline ?? deadline;
  return deadline;
}

export const vagueDeadline = (shown: string) =>
  `“${shown}”不是具体日期。请写成 1月31日、3月底 或 2023-01-31 这样的日期（“春节前”“尽快”之类无法计算时限）。`;
