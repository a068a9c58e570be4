import { isOpen } from '../src/domain/itemState';
import type { App } from '../src/app';
import { PLATFORM_LABEL } from '../src/domain/actor';
import { shanghaiDay } from '../src/clock';
import type { Logger } from '../src/logger';
import type { Platform } from '../src/domain/actor';
import { ChatPlatform, OutgoingFile, PlatformError } from '../src/platforms/platform';
import type { Card } from '../src/rendering/card';
import { notice } from '../src/rendering/card';
import { escalationCard, reminderCard } from '../src/rendering/reminderCard';
import { escapeMarkdown } from '../src/rendering/text';
import { loadCommitments } from '../src/register/commitments';
import { leaderAccountsOn } from '../src/register/leaders';
import type { OutboxRow } from '../db/schema';
import { REPORT_FILE, reportFile } from './reportFile';
import { claim, enqueue, markCancelled, markFailed, markRetry, markSent, messageOf, releaseLeases } from './outbox';
import { RateLimiter } from './rateLimiter';
import { withRequestId } from '../src/requestContext';
import { adminRecipients, recipientKey } from '../src/register/recipients';
import type { EscalationPayload, ReminderPayload } from './reminders';

const LEASE_MS = 60_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 10 * 60_000;

export interface DeliveryOptions {
  platforms: Record<string, ChatPlatform>;
  limiter: RateLimiter;
  log: Logger;
  batch?: number;
  /** How long a claimed row is ours; a worker that dies leaves it to others after this. */
  leaseMs?: number;
  /** Called after a message went out and before it is marked sent: tests stall a worker here. */
  afterSend?: (row: OutboxRow) => Promise<void> | void;
  random?: () => number;
  /** Shutting down: claim no more once `requested`; once `expired`, hand the rest of the batch back. */
  stop?: DeliveryStop;
}

export interface DeliveryStop {
  requested(): boolean;
  expired(): boolean;
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
}

/**
 * What a row says, rendered now for the day it was planned for: an item
 * finished since it was queued is left out, so the counts are those listed.
 */
async function render(app: App, row: OutboxRow): Promise<Card | OutgoingFile | null> {
  const message = messageOf(row);
  if (message.kind === REPORT_FILE) return reportFile(app, message.payload);
  if (message.kind === 'digest' || message.kind === 'alert' || message.kind === 'urge') return message.payload.card;
  const payload: Partial<ReminderPayload> & EscalationPayload = message.payload;
  const items = (await loadCommitments(app.db, { ids: payload.commitmentIds })).filter(isOpen);
  if (!items.length) return null;
  const day = payload.day ?? shanghaiDay(app.clock.now());
  if (message.kind === 'escalation') {
    // The group's own platform: leaders bound there are @-mentioned.
    return escalationCard(items, day, await leaderAccountsOn(app.db, row.platform, [...new Set(items.flatMap((i) => i.leaders.map((l) => l.id)))]));
  }
  return reminderCard(items, day, {
    audience: payload.audience ?? (payload.leader ? 'leader' : 'office'),
    leader: payload.leader ?? null,
    unbound: payload.unbound ?? [],
    escalated: payload.escalated ?? [],
    escalateAfterDays: app.config.jobs.escalateAfterDays,
    unacknowledged: payload.unacknowledged ?? [],
    redSheet: payload.redSheet ?? [],
    escalateHeadAfterWorkdays: app.config.lifecycle.escalateHeadAfterWorkdays,
    platformLabel: PLATFORM_LABEL[row.platform],
  });
}

function backoff(attempts: number, random: () => number, hintMs?: number): number {
  const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.max(jittered, hintMs ?? 0);
}

/** Sends what is due in the outbox, once each; returns what happened. */
export async function deliverDue(app: App, options: DeliveryOptions): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
  const random = options.random ?? Math.random;
  for (;;) {
    if (options.stop?.requested()) return report;
    const rows = await claim(app.db, options.batch ?? 20, options.leaseMs ?? LEASE_MS, Object.keys(options.platforms) as Platform[]);
    if (!rows.length) return report;
    for (const [index, row] of rows.entries()) {
      if (options.stop?.expired()) {
        const released = await releaseLeases(app.db, rows.slice(index).map((r) => r.id));
        options.log.info('delivery stopped; leases released', { released });
        return report;
      }
      // Under the id of the request that queued it: the platform's retries and this line carry it.
      await withRequestId(row.request_id ?? undefined, async () => {
        const started = Date.now();
        const result = await deliverOne(app, options, row, random);
        report[result]++;
        // One line per delivery, ids only: never the recipient or what was said.
        options.log.info('delivery', { requestId: row.request_id, outboxId: row.id, kind: row.kind, platform: row.platform, attempt: row.attempts, result, ms: Date.now() - started });
      });
    }
  }
}

async function deliverOne(app: App, options: DeliveryOptions, row: OutboxRow, random: () => number): Promise<keyof DeliveryReport> {
  const platform = options.platforms[row.platform];
  if (!platform) {
    await markFailed(app.db, row.id, `没有平台 ${row.platform}`);
    return 'failed';
  }
  try {
    const message = await render(app, row);
    if (!message) {
      await markCancelled(app.db, row.id, '事项均已办结');
      return 'cancelled';
    }
    await options.limiter.acquire(`${row.target_kind}:${row.target_id}`);
    const target = row.target_kind === 'chat' ? { chatId: row.target_id } : { userId: row.target_id };
    const messageId = 'bytes' in message
      ? await platform.sendFile(target, message, `ob-${row.id}`)
      : await platform.send(target, message, `ob-${row.id}`);
    if (row.kind === 'urge' && row.target_kind === 'user' && platform.markUrgent) {
      await platform.markUrgent(messageId, [row.target_id], (row.payload as { sms?: boolean }).sms === true);
    }
    await options.afterSend?.(row);
    await markSent(app.db, row.id, messageId);
    return 'sent';
  } catch (error) {
    // A platform says what is worth retrying; anything else (our own trouble) is tried again.
    const retryable = error instanceof PlatformError ? error.retryable : true;
    const text = String((error as Error).message ?? error);
    if (retryable && row.attempts < app.config.jobs.deliveryMaxAttempts) {
      const hint = error instanceof PlatformError ? error.retryAfterMs : undefined;
      await markRetry(app.db, row.id, text, new Date(Date.now() + backoff(row.attempts, random, hint)));
      return 'retried';
    }
    await markFailed(app.db, row.id, text);
    options.log.error('message failed', { outboxId: row.id, kind: row.kind, error: text });
    if (row.kind !== 'alert') await alertAdmins(app, row, text);
    return 'failed';
  }
}

/** A message that could not be delivered is never silent: the admins hear of it. */
async function alertAdmins(app: App, row: OutboxRow, error: string): Promise<void> {
  const card = notice('消息发送失败', `一条${row.kind === 'digest' ? '周报' : row.kind === REPORT_FILE ? '督查通报文件' : '提醒'}（发往 ${escapeMarkdown(row.target_id)}）多次发送失败：${escapeMarkdown(error.slice(0, 200))}。请检查机器人权限或对方账号。`, 'red');
  for (const admin of await adminRecipients(app.db, app.config)) {
    await enqueue(app.db, { dedupeKey: `alert:failed:${row.id}:${recipientKey(admin)}`, platform: admin.platform, target: { kind: 'user', id: admin.id }, kind: 'alert', payload: { card } });
  }
}
