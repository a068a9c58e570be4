import { Counter, Histogram, Registry } from 'prom-client';

/**
 * What the process counts as it works, for GET /metrics. Only labels with a
 * few fixed values: never a user, chat or item.
 */
export const processRegistry = new Registry();
const registers = [processRegistry];

export const eventsTotal = new Counter({
  name: 'duban_events_total',
  help: 'Chat events by platform and outcome: received (recorded), refused (bad signature, token, body), failed (not recorded or handling failed)',
  labelNames: ['platform', 'outcome'] as const,
  registers,
});

export const replySeconds = new Histogram({
  name: 'duban_reply_seconds',
  help: 'From receiving a message to its reply being sent',
  labelNames: ['platform'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
  registers,
});

export const sendsTotal = new Counter({
  name: 'duban_sends_total',
  help: 'Outbox messages by result: sent, retried, failed (given up, admins alerted), cancelled',
  labelNames: ['result'] as const,
  registers,
});

export const jobRunsTotal = new Counter({
  name: 'duban_job_runs_total',
  help: 'Scheduled job runs by job and result',
  labelNames: ['job', 'result'] as const,
  registers,
});

export const jobSeconds = new Histogram({
  name: 'duban_job_duration_seconds',
  help: 'Scheduled job run time',
  labelNames: ['job'] as const,
  buckets: [0.1, 0.5, 1, 5, 15, 60, 300],
  registers,
});

/** Runs a scheduled job, counting it and timing it. */
export async function timedJob<T>(job: string, work: () => Promise<T>): Promise<T> {
  const stop = jobSeconds.startTimer({ job });
  try {
    const result = await work();
    jobRunsTotal.inc({ job, result: 'ok' });
    return result;
  } catch (error) {
    jobRunsTotal.inc({ job, result: 'error' });
    throw error;
  } finally {
    stop();
  }
}

/** Counts a message's handling: received, failed, and the time to its reply. */
export async function countedEvent(platform: string, handling: Promise<void>): Promise<void> {
  const stop = replySeconds.startTimer({ platform });
  try {
    await handling;
    eventsTotal.inc({ platform, outcome: 'received' });
    stop();
  } catch (error) {
    eventsTotal.inc({ platform, outcome: 'failed' });
    throw error;
  }
}
