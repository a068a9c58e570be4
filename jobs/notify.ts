import type { App } from '../src/app';
import type { Card } from '../src/rendering/card';
import { departmentNames } from '../src/register/assign';
import { CommitmentView, loadCommitment } from '../src/register/commitments';
import { itemCard } from '../src/rendering/itemCard';
import { enqueueMany, NewMessage } from './outbox';
import { departmentLiaisons, leaderAccount, leadersWithIds, Recipient, recipientKey } from '../src/register/recipients';

/**
 * Tells an item's leaders something now (退回, 交办, 催办), through the outbox:
 * bound leaders directly, and the department's liaisons when some leader is
 * not bound (or none is named). `key` makes a repeat queue nothing.
 */
export async function notifyLeaders(
  app: App, item: Pick<CommitmentView, 'leaders' | 'departmentId'>, key: string, card: Card, kind: 'alert' | 'urge' = 'alert', extra: { sms?: boolean } = {},
): Promise<number> {
  const leaders = await leadersWithIds(app.db, item.leaders.map((l) => l.id));
  const to: Recipient[] = leaders.map(leaderAccount).filter((r): r is Recipient => r !== null);
  if (to.length < leaders.length || !leaders.length) to.push(...(await departmentLiaisons(app.db, item.departmentId)));
  const unique = to.filter((r, i) => to.findIndex((o) => recipientKey(o) === recipientKey(r)) === i);
  const messages = unique.map((r): NewMessage => {
    const to = { dedupeKey: `${key}:${recipientKey(r)}`, platform: r.platform, target: { kind: 'user' as const, id: r.id } };
    return kind === 'urge' ? { ...to, kind, payload: { card, ...extra } } : { ...to, kind, payload: { card } };
  });
  return enqueueMany(app.db, messages);
}

/** 交办: the new item's card, with its 签收 button, to its leaders (or the liaisons); the item as it now stands. */
export async function announceAssignment(app: App, itemId: number, source: string, today: string): Promise<{ item: CommitmentView; coDepartments: string[] }> {
  const item = (await loadCommitment(app.db, itemId))!;
  const coDepartments = await departmentNames(app.db, item.coDepartmentIds);
  await notifyLeaders(app, item, `assign:${item.id}`, itemCard(item, today, { coDepartments, headline: `📨 督查室交办（${source}）：请点击“签收”确认收到。` }));
  return { item, coDepartments };
}
