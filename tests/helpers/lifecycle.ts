import type { App } from '../../src/app';
import type { Actor } from '../../src/domain/actor';
import { approveItem, reportDone } from '../../src/register/lifecycle';

/** Reported done and approved by the office at `at`: what "completed" means under review. */
export async function completeAndApprove(app: App, actor: Actor, at: Date, id: number): Promise<void> {
  const reported = await reportDone(app.db, actor, at, { id, note: null }, app.config);
  if (!reported.ok) throw new Error(reported.message);
  if (reported.state === '已办结') return;
  const approved = await approveItem(app.db, actor, at, { id, note: null }, app.config);
  if (!approved.ok) throw new Error(approved.message);
}
