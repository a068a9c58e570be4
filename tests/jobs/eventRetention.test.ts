import { runOwedJobs } from '../../jobs/scheduler';
import { silentLogger } from '../../src/logger';
import { Harness, openHarness } from '../helpers/harness';

const DAY_MS = 24 * 60 * 60 * 1000;
let h: Harness;

beforeAll(async () => {
  h = await openHarness({ env: { EVENT_RETENTION_DAYS: '30' } });
});
afterAll(() => h.close());

test('the nightly upkeep deletes inbound events older than EVENT_RETENTION_DAYS, and only those', async () => {
  const now = Date.now();
  const event = (id: string, daysAgo: number) => ({
    event_id: id, platform: 'feishu' as const, kind: 'message', status: 'done' as const,
    payload: JSON.stringify({ text: '/进展 3 60% 联系人 13800138000' }), received_at: new Date(now - daysAgo * DAY_MS),
  });
  await h.db.insertInto('inbound_events').values([event('evt_old', 31), event('evt_recent', 29), event('evt_new', 0)]).execute();
  h.clock.set('2023-01-04T02:31:00+08:00');
  await runOwedJobs(h.app, silentLogger);
  const left = (await h.db.selectFrom('inbound_events').select('event_id').execute()).map((r) => r.event_id).sort();
  expect(left).toEqual(['evt_new', 'evt_recent']);
  const run = await h.db.selectFrom('job_runs').selectAll().where('job', '=', 'maintenance').executeTakeFirstOrThrow();
  expect(run.summary).toContain('删除过期消息记录1条');
});
