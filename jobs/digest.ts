import type { App } from '../src/app';
import { endOfShanghaiDay, shanghaiDay, startOfShanghaiDay } from '../src/clock';
import { isoWeek, isWorkday, weekStart } from '../src/domain/workdays';
import type { Card } from '../src/rendering/card';
import { digestCard } from '../src/rendering/digestCard';
import { CommitmentView, loadCommitments } from '../src/register/commitments';
import type { Account } from '../src/rendering/mention';
import { enqueueMany, NewMessage } from './outbox';
import { lastFullWeek, reportFileMessage } from './reportFile';

/** What every group's bulletin is cut from, loaded once per run. */
export interface DigestSource {
  items: CommitmentView[];
  campaigns: Map<number, string>;
  /** Per platform: leader id → the account they are bound to there. */
  accounts: Record<string, Map<number, Account>>;
  now: Date;
}

export async function loadDigestSource(app: App, day: string, departmentIds: number[] = []): Promise<DigestSource> {
  const items = await loadCommitments(app.db, departmentIds.length ? { departmentIds } : {});
  const campaigns = new Map((await app.db.selectFrom('campaigns').select(['id', 'title']).execute()).map((c) => [c.id, c.title]));
  const bound = await app.db.selectFrom('leaders').select(['id', 'name', 'feishu_open_id', 'dingtalk_staff_id'])
    .where((eb) => eb.or([eb('feishu_open_id', 'is not', null), eb('dingtalk_staff_id', 'is not', null)])).execute();
  const accounts: DigestSource['accounts'] = { feishu: new Map(), dingtalk: new Map() };
  for (const l of bound) {
    if (l.feishu_open_id) accounts.feishu.set(l.id, { platform: 'feishu', id: l.feishu_open_id, name: l.name });
    if (l.dingtalk_staff_id) accounts.dingtalk.set(l.id, { platform: 'dingtalk', id: l.dingtalk_staff_id, name: l.name });
  }
  const now = app.clock.now();
  return {
    items, campaigns,
    accounts,
    now: shanghaiDay(now) === day ? now : endOfShanghaiDay(day),
  };
}

/** The bulletin for a group following `departmentIds` (all departments when empty). */
export function digestFor(source: DigestSource, departmentIds: number[], day: string, platform: string): Card | null {
  const wanted = new Set(departmentIds);
  const items = departmentIds.length ? source.items.filter((i) => i.departmentId !== null && wanted.has(i.departmentId)) : source.items;
  return digestCard({
    today: day, items, campaigns: source.campaigns,
    // Leaders bound on the group's platform are @-mentioned; the others are named.
    accounts: source.accounts[platform] ?? new Map(),
    completedSince: startOfShanghaiDay(weekStart(day)),
    now: source.now,
  });
}

export async function buildDigest(app: App, departmentIds: number[], day: string, platform = 'feishu'): Promise<Card | null> {
  return digestFor(await loadDigestSource(app, day, departmentIds), departmentIds, day, platform);
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
  if (!subscriptions.length) return run;
  const source = await loadDigestSource(app, day);
  const messages: NewMessage[] = [];
  for (const subscription of subscriptions) {
    const card = digestFor(source, subscription.department_ids, day, subscription.platform);
    if (!card) {
      run.empty++;
      continue;
    }
    messages.push({
      dedupeKey: `digest:${subscription.platform}:${subscription.chat_id}:${run.week}`,
      platform: subscription.platform,
      target: { kind: 'chat', id: subscription.chat_id },
      kind: 'digest',
      payload: { card },
    });
  }
  if (app.config.jobs.digestAttachDocx) {
    // The office's whole bulletin for last week as a Word file, after each group's card.
    const week = lastFullWeek(day);
    for (const card of [...messages]) {
      messages.push(reportFileMessage(card.platform, card.target, week, `digest-docx:${card.platform}:${card.target.id}:${run.week}`));
    }
  }
  run.queued = await enqueueMany(app.db, messages);
  return run;
}
