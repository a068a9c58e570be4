import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { shanghaiDay } from '../clock';
import { workdaysAfter } from '../domain/workdays';
import { CommitmentView, loadCommitments } from './commitments';
import { PendingExtension, pendingExtensions } from './extensions';

/** What waits for the office (/review): reported completions, extension requests, 交办 not acknowledged in time. */
export interface ReviewQueue {
  reports: CommitmentView[];
  extensions: { request: PendingExtension; item: CommitmentView }[];
  unacknowledged: CommitmentView[];
}

export async function reviewQueue(db: Kysely<Database>, today: string, ackWithinWorkdays: number): Promise<ReviewQueue> {
  const reports = (await loadCommitments(db, { statuses: ['待审核'] }))
    .sort((a, b) => (a.completedAt?.getTime() ?? 0) - (b.completedAt?.getTime() ?? 0) || a.id - b.id);
  const requests = await pendingExtensions(db);
  const requested = new Map((await loadCommitments(db, { ids: requests.map((r) => r.commitmentId) })).map((i) => [i.id, i]));
  const unacknowledged = (await loadCommitments(db, { statuses: ['待签收'] }))
    .filter((i) => workdaysAfter(shanghaiDay(i.createdAt), today) > ackWithinWorkdays)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
  return {
    reports,
    extensions: requests.map((request) => ({ request, item: requested.get(request.commitmentId)! })).filter((e) => e.item),
    unacknowledged,
  };
}
