import { sql } from 'kysely';
import type { Db } from './connection';

/**
 * Planner statistics for the register after a bulk change. Without them the
 * planner guesses, and /status runs several times slower; PGlite has no
 * autovacuum to gather them, and PostgreSQL's comes a minute later.
 */
export async function analyzeRegister(db: Db): Promise<void> {
  await sql`analyze commitments, commitment_leaders, leaders, departments, department_aliases`.execute(db);
}

/**
 * Nightly upkeep: reclaims the rows the outbox and event log update away and
 * refreshes statistics. Essential on PGlite, which has no autovacuum; on
 * PostgreSQL it only runs ahead of autovacuum.
 */
export async function vacuumAnalyze(db: Db): Promise<void> {
  await sql`vacuum (analyze) campaigns, departments, department_aliases, leaders, bind_requests, liaisons, admins,
    commitments, commitment_leaders, progress_reports, evidence, activity_log, inbound_events, evidence_requests,
    bot_messages, group_subscriptions, outbox, job_runs, extension_requests, report_issues,
    console_sessions, console_spent_links, campaign_sources, console_imports`.execute(db);
}
