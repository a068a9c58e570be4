import type { App } from '../src/app';
import { isoWeek, isWorkday, lastFullWeek } from '../src/domain/workdays';
import { digestFor, loadDigestSource } from '../src/report/digest';
import { reportFileMessage } from '../src/report/reportFileMessage';
import { enqueueMany, NewMessage } from './outbox';

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
