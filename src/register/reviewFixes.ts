import type { Db } from '../../db/connection';
import type { Actor } from '../domain/actor';
import { logActivity } from './activityLog';
import { asParsed, loadCommitment } from './commitments';
import { setLeaders } from './importer';

export interface ReviewFix {
  leaders: string[];
  /** 'YYYY-MM-DD', or null for an item with no fixed date. */
  deadline: string | null;
  departmentId: number;
}

/**
 * The office settles an item the import could not determine: leaders,
 * deadline and department are set, the flag is cleared, and the log keeps
 * what it was before and after.
 */
export async function settleFlaggedItem(db: Db, actor: Actor, at: Date, id: number, fix: ReviewFix): Promise<'settled' | 'not_flagged'> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('commitments').select(['id', 'needs_review']).where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (!row.needs_review) return 'not_flagged';
    const before = (await loadCommitment(trx, id))!;
    await trx.updateTable('commitments')
      .set({ deadline: fix.deadline, department_id: fix.departmentId, needs_review: false, review_reasons: JSON.stringify([]), updated_at: at })
      .where('id', '=', id).execute();
    await setLeaders(trx, id, fix.leaders, fix.departmentId);
    const after = (await loadCommitment(trx, id))!;
    await logActivity(trx, {
      actor, at, action: 'review.fix', commitmentId: id, campaignId: before.campaignId,
      summary: `核定：责任领导 ${after.leaders.map((l) => l.name).join('、')}，时限 ${fix.deadline ?? '无具体日期'}，部门 ${after.departmentName ?? ''}`,
      before: { ...pickFixed(before), reviewReasons: before.reviewReasons },
      after: pickFixed(after),
    });
    return 'settled';
  });
}

function pickFixed(item: NonNullable<Awaited<ReturnType<typeof loadCommitment>>>) {
  const parsed = asParsed(item);
  return { leaders: parsed.leaders, deadline: parsed.deadline, department: item.departmentName, needsReview: item.needsReview };
}
