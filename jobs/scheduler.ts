import { CronExpressionParser } from 'cron-parser';
import cron from 'node-cron';
import { vacuumAnalyze } from '../db/maintenance';
import { runNightlyBackup } from '../src/backup/nightly';
import type { App } from '../src/app';
import { shanghaiDay, ZONE } from '../src/clock';
import { isoWeek, isWorkday } from '../src/domain/workdays';
import type { Logger } from '../src/logger';
import type { ChatPlatform } from '../src/platforms/platform';
import { deliverDue } from './deliver';
import { purgeOldEvents } from './eventRetention';
import { runDigest } from './digest';
import { hasRun, recordRun } from '../src/register/jobRuns';
import { RateLimiter } from './rateLimiter';
import { sendsTotal, timedJob } from '../src/metrics';
import { withRequestId } from '../src/requestContext';
import { planReminders } from './reminders';

const LOOKBACK_MS = 8 * 24 * 60 * 60_000;

/** The latest minute at or before `now` that `expression` fires on (Asia/Shanghai), within 8 days. */
export function lastFiring(expression: string, now: Date): Date | null {
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  // prev() is strictly before its start: start one second into the minute so the minute itself counts.
  const previous = CronExpressionParser.parse(expression, { currentDate: new Date(minute + 1000), tz: ZONE }).prev().toDate();
  return minute - previous.getTime() <= LOOKBACK_MS ? previous : null;
}

/**
 * Runs whatever scheduled work is owed at the business clock's "now": the
 * reminders of the latest reminder firing, this week's digest and the nightly
 * database upkeep, each once
 * per period across restarts and instances. A run missed while the bot was
 * down is owed when it comes back; a digest owed on a holiday waits for the
 * next workday of its week.
 */
export async function runOwedJobs(app: App, log: Logger): Promise<void> {
  const now = app.clock.now();
  const today = shanghaiDay(now);
  const reminderAt = lastFiring(app.config.jobs.reminderCron, now);
  if (reminderAt) {
    const day = shanghaiDay(reminderAt);
    if (!(await hasRun(app.db, 'reminders', day))) {
      const plan = await withRequestId(`reminders:${day}`, () => timedJob('reminders', () => planReminders(app, day)));
      await recordRun(app.db, 'reminders', day, plan.workday ? `排入${plan.queued}条，涉及${plan.items}项` : '非工作日');
      log.info('reminders planned', { ...plan });
    }
  }
  const digestAt = lastFiring(app.config.jobs.digestCron, now);
  if (digestAt) {
    const week = isoWeek(shanghaiDay(digestAt));
    if (isoWeek(today) === week && isWorkday(today) && !(await hasRun(app.db, 'digest', week))) {
      const run = await withRequestId(`digest:${week}`, () => timedJob('digest', () => runDigest(app, today)));
      await recordRun(app.db, 'digest', week, `排入${run.queued}条`);
      log.info('digest queued', { ...run });
    }
  }
  const maintenanceAt = lastFiring(app.config.jobs.maintenanceCron, now);
  if (maintenanceAt) {
    const day = shanghaiDay(maintenanceAt);
    if (!(await hasRun(app.db, 'maintenance', day))) {
      const purged = await purgeOldEvents(app);
      await timedJob('maintenance', () => vacuumAnalyze(app.db));
      await recordRun(app.db, 'maintenance', day, `清理并更新统计信息，删除过期消息记录${purged}条`);
    }
  }
  const backup = app.config.backup;
  const backupAt = backup && lastFiring(backup.cron, now);
  if (backup && backupAt) {
    const day = shanghaiDay(backupAt);
    if (!(await hasRun(app.db, 'backup', day))) {
      const done = await timedJob('backup', () => runNightlyBackup(app, backup));
      await recordRun(app.db, 'backup', day, `备份到 ${done.file}`);
      log.info('backup written', { file: done.file, removed: done.removed.length });
    }
  }
}

export interface Scheduler {
  /**
   * Stops ticking, lets the running job and delivery batch finish, and hands
   * back, at `deadline` (ms since epoch), the claimed messages not yet sent.
   */
  stop(deadline?: number): Promise<void>;
}

/** node-cron ticks every minute for owed jobs; the outbox worker runs every few seconds. */
export function startScheduler(app: App, platforms: Record<string, ChatPlatform>, log: Logger): Scheduler {
  const limiter = new RateLimiter(app.config.jobs.maxSendsPerSecond, app.config.jobs.maxSendsPerTargetPerSecond);
  let stopping = false;
  let deadline = Infinity;
  const stop = { requested: () => stopping, expired: () => Date.now() >= deadline };
  const running = new Set<Promise<void>>();
  /** Runs `work` unless its previous run is still going (or we are stopping); errors are logged, never thrown. */
  const guarded = (name: string, work: () => Promise<unknown>) => {
    let busy = false;
    return async () => {
      if (busy || stopping) return;
      busy = true;
      const run = (async () => {
        try {
          await work();
        } catch (error) {
          log.error(`${name} failed`, { error: String((error as Error).stack ?? error) });
        } finally {
          busy = false;
        }
      })();
      running.add(run);
      await run.finally(() => running.delete(run));
    };
  };
  const owed = guarded('scheduled jobs', () => runOwedJobs(app, log));
  const deliver = guarded('delivery', async () => {
    const report = await timedJob('delivery', () => deliverDue(app, { platforms, limiter, log, stop }));
    for (const result of ['sent', 'retried', 'failed', 'cancelled'] as const) if (report[result]) sendsTotal.inc({ result }, report[result]);
  });
  const tick = cron.schedule('* * * * *', owed, { timezone: ZONE, name: 'duban-jobs', noOverlap: true });
  const interval = setInterval(deliver, app.config.jobs.deliverEverySeconds * 1000);
  void owed().then(deliver);
  return {
    async stop(until = Date.now()) {
      stopping = true;
      deadline = until;
      clearInterval(interval);
      await tick.stop();
      await Promise.all([...running]);
    },
  };
}
