import Fastify from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/connection';
import type { App } from '../src/app';
import { systemClock } from '../src/clock';
import { consolePlugin } from '../src/console/plugin';
import { mintLinkToken } from '../src/console/signInLinks';
import { generateRegister, Scale } from './generate';
import { latencies, Latencies, measured } from './measure';

const SECRET = 'bench-console-secret';
const BIG_DEPARTMENT_ITEMS = 500;

export interface ConsoleRun {
  /** Wall time per request, and the process's CPU time per request (less swayed by a loaded machine). */
  pages: Record<string, Latencies & { bytes: number; cpu: Latencies }>;
  peakRssMb: number;
}

/**
 * The register in every lifecycle state, as a city's would be a month in:
 * a quarter closed (some late), a quarter reported, a quarter in hand with
 * progress, a quarter not yet acknowledged; some extended, some flagged, and
 * one department answering for 500 items.
 */
async function varyRegister(db: Db): Promise<number> {
  await sql`update commitments set
      status = (array['已办结','办理中','待审核','待签收'])[id % 4 + 1],
      acknowledged_at = case when id % 4 <> 3 then deadline::timestamptz - interval '40 days' end,
      completed_at = case when id % 4 in (0, 2) then deadline::timestamptz + ((id % 7) - 4) * interval '1 day' end,
      approved_at = case when id % 4 = 0 then deadline::timestamptz + ((id % 7) - 3) * interval '1 day' end,
      progress_percent = case when id % 4 = 1 then id % 100 end,
      original_deadline = case when id % 10 = 5 then deadline - 10 end,
      needs_review = (id % 50 = 7)`.execute(db);
  const big = (await db.selectFrom('departments').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()).id;
  await sql`update commitments set department_id = ${big} where id in (
      select id from commitments where department_id <> ${big} order by id limit ${BIG_DEPARTMENT_ITEMS} - (select count(*) from commitments where department_id = ${big}))`.execute(db);
  await sql`insert into activity_log (at, actor_platform, actor_id, actor_name, action, commitment_id, summary)
      select now() - (id % 30) * interval '1 day', 'shell', 'bench', '督查室', 'progress', id, '进展' from commitments`.execute(db);
  await sql`analyze`.execute(db);
  return big;
}

/**
 * The office console at city scale: 总览 and a 500-item department page (first
 * page, a filtered page, a search), each request timed in the server from
 * request to the last byte of the page (fastify's inject: routing, the
 * session, the queries and the rendering; no network).
 */
export async function consolePhase(db: Db, app: App, scale: Scale, requests: number): Promise<ConsoleRun> {
  await generateRegister(db, scale);
  const big = await varyRegister(db);
  const server = Fastify();
  await server.register(consolePlugin, { app, wallClock: systemClock, secret: SECRET, baseUrl: 'http://127.0.0.1' });
  await server.ready();
  try {
    const token = mintLinkToken(SECRET, '督查室', Date.now());
    const signIn = await server.inject({ method: 'POST', url: '/console/login', payload: { token } });
    if (signIn.statusCode !== 302) throw new Error(`console sign-in failed: ${signIn.statusCode}`);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0];
    const pages: Record<string, string> = {
      '总览': '/console/',
      [`部门 (${BIG_DEPARTMENT_ITEMS} items), page 1`]: `/console/departments/${big}`,
      [`部门 (${BIG_DEPARTMENT_ITEMS} items), red, by state`]: `/console/departments/${big}?colour=red&sort=state`,
      [`部门 (${BIG_DEPARTMENT_ITEMS} items), search`]: `/console/departments/${big}?q=${encodeURIComponent('充电桩1')}`,
    };
    const results: ConsoleRun['pages'] = {};
    const run = await measured(async () => {
      for (const [label, url] of Object.entries(pages)) {
        const get = async () => {
          const cpu = process.cpuUsage();
          const started = performance.now();
          const response = await server.inject({ method: 'GET', url, headers: { cookie } });
          if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
          const used = process.cpuUsage(cpu);
          return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, bytes: response.rawPayload.length };
        };
        for (let i = 0; i < Math.min(20, requests); i++) await get();
        const samples: number[] = [];
        const cpu: number[] = [];
        let bytes = 0;
        for (let i = 0; i < requests; i++) {
          const sample = await get();
          samples.push(sample.ms);
          cpu.push(sample.cpuMs);
          bytes = sample.bytes;
        }
        results[label] = { ...latencies(samples), bytes, cpu: latencies(cpu) };
      }
    });
    return { pages: results, peakRssMb: run.peakRssMb };
  } finally {
    await server.close();
  }
}
