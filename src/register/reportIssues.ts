import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Actor } from '../domain/actor';
import { logActivity } from './activityLog';

export interface ReportIssue {
  year: number;
  number: number;
  issuedOn: string;
}

/** A bound that only a broken database reaches: see reportIssue. */
const MAX_ATTEMPTS = 100;

/**
 * The 期号 of the bulletin for a week and scope: the one it was first given,
 * or the next number of the issuing year. Safe to call concurrently: callers
 * for one week and scope end up with the same row, others with consecutive
 * numbers. An attempt fails only when another caller has just taken the
 * number, so n callers racing need at most n attempts.
 */
export async function reportIssue(db: Kysely<Database>, weekStart: string, scope: string, today: string, actor: Actor, now: Date): Promise<ReportIssue> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const existing = await db.selectFrom('report_issues').select(['year', 'number', 'issued_on'])
      .where('week_start', '=', weekStart).where('scope', '=', scope).executeTakeFirst();
    if (existing) return { year: existing.year, number: existing.number, issuedOn: existing.issued_on };
    const year = Number(today.slice(0, 4));
    const last = await db.selectFrom('report_issues').select((eb) => eb.fn.max('number').as('n')).where('year', '=', year).executeTakeFirst();
    const number = Number(last?.n ?? 0) + 1;
    const inserted = await db.insertInto('report_issues')
      .values({ year, number, week_start: weekStart, scope, issued_on: today, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) {
      await logActivity(db, { actor, at: now, action: 'report.issue', summary: `督查通报${year}年第${number}期（${weekStart}起一周）`, after: { year, number, weekStart, scope } });
      return { year, number, issuedOn: today };
    }
  }
  throw new Error('could not assign a report issue number');
}
