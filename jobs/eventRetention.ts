import type { App } from '../src/app';
import { purgeEventsBefore } from '../src/bot/inboundEvents';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Inbound events keep what users sent (names, phone numbers, evidence text) so
 * that nothing is lost between delivery and handling; after EVENT_RETENTION_DAYS
 * they are deleted. Their times are real wall-clock time, so is the cutoff.
 */
export async function purgeOldEvents(app: App, now: Date = new Date()): Promise<number> {
  return purgeEventsBefore(app.db, new Date(now.getTime() - app.config.jobs.eventRetentionDays * DAY_MS));
}
