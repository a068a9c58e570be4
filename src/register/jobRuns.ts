import type { Db } from '../../db/connection';

/** The scheduled jobs that record their runs. */
export type JobName = 'reminders' | 'digest' | 'maintenance' | 'backup';

/** Whether a scheduled job already finished for a period (a day, an ISO week). */
export async function hasRun(db: Db, job: JobName, period: string): Promise<boolean> {
  return !!(await db.selectFrom('job_runs').select('job').where('job', '=', job).where('period', '=', period).executeTakeFirst());
}

export async function recordRun(db: Db, job: JobName, period: string, summary: string): Promise<void> {
  await db.insertInto('job_runs').values({ job, period, finished_at: new Date(), summary })
    .onConflict((oc) => oc.columns(['job', 'period']).doNothing()).execute();
}
