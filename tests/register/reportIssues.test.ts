import { systemActor } from '../../src/domain/actor';
import { reportIssue } from '../../src/register/reportIssues';
import { openTestDbs } from '../../testkit/db';

// On PostgreSQL these are separate connection pools, as the console, the outbox and the CLI would be.
test('期号 asked for at once: one number per week and scope, consecutive in the year, none given twice', async () => {
  const { dbs, close } = await openTestDbs(4);
  try {
    const now = new Date('2024-03-04T09:00:00+08:00');
    const ask = (i: number, week: string, scope: string, today = '2024-03-04') => reportIssue(dbs[i % dbs.length], week, scope, today, systemActor, now);
    const same = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map((i) => ask(i, '2024-02-26', '')));
    expect(same.map((s) => s.number)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    // Eight scopes at once (each campaign's own bulletin): eight numbers, none skipped.
    const scopes = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((scope, i) => ask(i, '2024-02-26', scope)));
    expect(scopes.map((s) => s.number).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    // Asked again later, a week keeps its number and the day it was first issued.
    expect(await ask(0, '2024-02-26', 'c', '2024-05-06')).toEqual(scopes[2]);
    // A new year starts at 1.
    expect(await ask(1, '2024-12-30', '', '2025-01-06')).toEqual({ year: 2025, number: 1, issuedOn: '2025-01-06' });
    const issued = await dbs[0].selectFrom('report_issues').select(['year', 'number']).orderBy('year').orderBy('number').execute();
    expect(issued.map((r) => `${r.year}-${r.number}`)).toEqual([...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `2024-${n}`), '2025-1']);
    const logged = await dbs[0].selectFrom('activity_log').select('summary').where('action', '=', 'report.issue').execute();
    expect(logged).toHaveLength(10);
  } finally {
    await close();
  }
});
