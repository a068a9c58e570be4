import type { App } from '../src/app';
import { endOfShanghaiDay, shanghaiDay, startOfShanghaiDay } from '../src/clock';
import { isoWeek, isWorkday, weekStart } from '../src/domain/workdays';
import type { Card } from '../src/rendering/card';
import { digestCard } from '../src/rendering/digestCard';
import { loadCommitments } from '../src/register/commitments';
import { enqueue } from './outbox';

/** The bulletin for a group following `departmentIds` (all departments when empty). */
export async function buildDigest(app: App, departmentIds: number[], day: string, platform = 'feishu'): Promise<Card | null> {
  const items = await loadCommitments(app.db, departmentIds.length ? { departmentIds } : {});
  const campaigns = new Map((await app.db.selectFrom('campaigns').select(['id', 'title']).execute()).map((c) => [c.id, c.title]));
  // Feishu cards can @-mention bound leaders; elsewhere names are written out.
  const bound = platform === 'feishu' ? await app.db.selectFrom('leaders').select(['id', 'feishu_open_id']).where('feishu_open_id', 'is not', null).execute() : [];
  const accounts = new Map(bound.map((l) => [l.id, l.feishu_open_id!]));
  const now = app.clock.now();
  const completedSince = startOfShanghaiDay(weekStart(day));
  return digestCard({ today: day, items, campaigns, accounts, completedSince, now: shanghaiDay(now) === day ? now : endOfShanghaiDay(day) });
}

export interface DigestRun {
  day: string;
  week: string;
  workday: boolean;
  queued: number;
  empty: number;
}

/** Queues this week's bulletin for every subscribed group, once per group per ISO week; none on holidays. */
export async function runDigest(app: App, day: string): Promise<DigestRun> {
  const run: DigestRun = { day, week: isoWeek(day), workday: isWorkday(day), queued: 0, empty: 0 };
  if (!run.workday) return run;
  const subscriptions = await app.db.selectFrom('group_subscriptions').selectAll().where('platform', 'in', ['feishu', 'dingtalk']).execute();
  for (const subscription of subscriptions) {
    const card = await buildDigest(app, subscription.department_ids, day, subscription.platform);
    if (!card) {
      run.empty++;
      continue;
    }
    const queued = await enqueue(app.db, {
      dedupeKey: `digest:${subscription.platform}:${subscription.chat_id}:${run.week}`,
      platform: subscription.platform,
      target: { kind: 'chat', id: subscription.chat_id },
      kind: 'digest',
      payload: { card },
    });
    if (queued) run.queued++;
  }
  return run;
}
