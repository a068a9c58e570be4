import type { App } from '../src/app';
import { isoWeek, isWorkday, lastFullWeek } from '../src/domain/workdays';
import { digestFor, loadDigestSource } from '../src/report/digest';
import { reportFileMessage } from '../src/report/reportFileMessage';
import { chatSubscriptions } from '../src/register/recipients';
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
  const subscriptions = await chatSubscriptions(app.db);
  if (!subscriptions.length) return run;
  const source = await loadDigestSource(app, day);
  const messages: NewMessage[] = [];
  for (const subscription of subscriptions) {
    const card = digestFor(source, subscription.departmentIds, day, subscription.platform);
    if (!card) {
      run.empty++;
      continue;
    }
    messages.push({
      dedupeKey: `digest:${subscription.platform}:${subscription.chatId}:${run.week}`,
      platform: subscription.platform,
      target: { kind: 'chat', id: subscription.chatId },
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
