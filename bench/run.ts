/**
 * npm run bench: duban at city scale, on PGlite and (with DATABASE_URL) on
 * PostgreSQL. Prints a table and writes bench/results.json. A benchmark, not a
 * test: nothing here fails the build.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Db, openDatabase } from '../db/connection';
import { deliverDue } from '../jobs/deliver';
import { runDigest } from '../jobs/digest';
import { enqueueMany } from '../jobs/outbox';
import { RateLimiter } from '../jobs/rateLimiter';
import { planReminders } from '../jobs/reminders';
import type { App } from '../src/app';
import { ManualClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/logger';
import { notice } from '../src/rendering/card';
import { FakeFeishu } from '../testkit/fakeFeishu';
import { dropSchema } from '../testkit/db';
import { drainOutbox, feishuAt } from '../testkit/jobs';
import { generateRegister, Scale } from './generate';
import { cardsPhase, cardsTable } from './cardsPhase';
import { importPhase } from './importPhase';
import { measured } from './measure';
import { burstPhase, BurstRun } from './burstPhase';
import { statusPhase, StatusRow } from './statusPhase';
import { consolePhase } from './consolePhase';
import { rosterPhase, rosterRows } from './rosterPhase';

const SCALE: Scale = { commitments: Number(process.env.BENCH_COMMITMENTS ?? 10_000), departments: 200, leaders: 2000 };
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CEILING = 40;
const BURST = Number(process.env.BENCH_BURST ?? 500);
/** BENCH_PHASES=status,sweep to run only some phases (all by default). */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'status,burst,sweep,delivery,digest,roster,import,cards,console').split(',').map((p) => p.trim()));

interface DatabaseHandle {
  label: string;
  open(): Promise<{ db: Db; close(): Promise<void> }>;
}

function databases(): DatabaseHandle[] {
  const handles: DatabaseHandle[] = [{
    label: 'PGlite',
    open: async () => {
      const db = await openDatabase({ dataDir: 'memory://' });
      return { db, close: () => db.destroy() };
    },
  }];
  const url = process.env.DATABASE_URL;
  if (url) {
    handles.push({
      label: 'PostgreSQL',
      open: async () => {
        const schema = `bench_${randomBytes(5).toString('hex')}`;
        const db = await openDatabase({ databaseUrl: url, dataDir: 'unused', schema });
        return {
          db,
          close: async () => {
            await db.destroy();
            await dropSchema(url, schema);
          },
        };
      },
    });
  }
  return handles;
}

function appOn(db: Db): App {
  return { db, config: loadConfig({ ADMIN_OPEN_IDS: 'ou_admin' }), clock: new ManualClock('2022-12-28T09:00:00+08:00') };
}

async function withFake<T>(handle: DatabaseHandle, work: (db: Db, app: App, fake: FakeFeishu) => Promise<T>): Promise<T> {
  const { db, close } = await handle.open();
  const fake = await new FakeFeishu().start();
  try {
    return await work(db, appOn(db), fake);
  } finally {
    await fake.stop();
    await close();
  }
}

async function sweepPhase(handle: DatabaseHandle, commitments: number) {
  const { db, close } = await handle.open();
  try {
    await generateRegister(db, { ...SCALE, commitments });
    const app = appOn(db);
    // The first sweep also sends the backlog's 红色督办单 (once per item); the next workday's is the everyday one.
    const run = await measured(() => planReminders(app, '2022-12-28'));
    const next = await measured(() => planReminders(app, '2022-12-29'));
    return { commitments, ms: run.ms, queued: run.result.queued, items: run.result.items, nextDayMs: next.ms, peakRssMb: Math.max(run.peakRssMb, next.peakRssMb) };
  } finally {
    await close();
  }
}

async function deliveryPhase(handle: DatabaseHandle, messages: number) {
  const { db, close } = await handle.open();
  const fake = await new FakeFeishu().start();
  try {
    const app = appOn(db);
    await enqueueMany(db, Array.from({ length: messages }, (_, i) => ({
      dedupeKey: `bench:${i}`, platform: 'feishu', target: { kind: 'user' as const, id: `ou_rcpt_${i % 200}` }, kind: 'alert', payload: { card: notice('通知', `第${i}条`) },
    })));
    fake.randomFault = { match: /^POST \/open-apis\/im\/v1\/messages$/, rate: 0.1, fault: { status: 429, code: 99991400, headers: { 'x-ogw-ratelimit-reset': '0' } } };
    const platforms = { feishu: feishuAt(fake) };
    const limiter = new RateLimiter(CEILING, 4);
    const run = await measured(() =>
      drainOutbox(db, () => deliverDue(app, { platforms, limiter, log: silentLogger, random: () => 0, batch: 50 }), { pauseMs: 50, timeoutMs: 600_000 }));
    const rows = await db.selectFrom('outbox').select(['id', 'status']).execute();
    const uuids = fake.posted.map((p) => p.uuid);
    const rate = messages / (run.ms / 1000);
    return {
      messages, ceilingPerSecond: CEILING, achievedPerSecond: Math.round(rate * 10) / 10,
      ratioOfCeiling: Math.round((rate / CEILING) * 100) / 100,
      lost: rows.filter((r) => r.status !== 'sent').length,
      duplicated: uuids.length - new Set(uuids).size,
      peakRssMb: run.peakRssMb,
    };
  } finally {
    await fake.stop();
    await close();
  }
}

async function digestPhase(handle: DatabaseHandle, groups: number) {
  const { db, close } = await handle.open();
  try {
    await generateRegister(db, SCALE);
    const departments = (await db.selectFrom('departments').select('id').execute()).map((d) => d.id);
    const now = new Date();
    await db.insertInto('group_subscriptions').values(Array.from({ length: groups }, (_, i) => ({
      platform: 'feishu', chat_id: `oc_bench_${i}`, created_at: now, updated_at: now,
      department_ids: JSON.stringify([departments[i % departments.length], departments[(i * 7 + 3) % departments.length], departments[(i * 11 + 5) % departments.length]]),
    }))).execute();
    const app = appOn(db);
    const run = await measured(() => runDigest(app, '2022-12-26'));
    return { groups, ms: run.ms, queued: run.result.queued, peakRssMb: run.peakRssMb };
  } finally {
    await close();
  }
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ')).join('\n');
}

function statusTable(rows: Record<string, StatusRow>): string {
  return table([
    ['/status end to end (median of 3)', 'p50 ms', 'p99 ms', 'floor p50', 'floor p99', 'ratio p99 (≤1.5)', 'p99 of each run', 'peak RSS MiB'],
    ...Object.entries(rows).map(([key, r]) => [`concurrency ${key.slice(1)}`, `${r.status.p50}`, `${r.status.p99}`, `${r.floor.p50}`, `${r.floor.p99}`, `${r.ratioP99}×`,
      `${r.runsP99.status.join('/')} vs ${r.runsP99.floor.join('/')}`, `${r.peakRssMb}`]),
  ]);
}

function burstRows(burst: { runs: BurstRun[]; slowest: BurstRun }): string[][] {
  return burst.runs.map((r, i) => [`${r.events} events at once, run ${i + 1}${r === burst.slowest ? ' (slowest)' : ''}`,
    `ack p50 ${r.ack.p50} p99 ${r.ack.p99} ms (${r.ackedAfter1s} after 1 s, ${r.ackedAfter3s} after 3 s, ${r.refused} refused); reply p99 ${r.reply.p99} ms; lost ${r.lost}, duplicated ${r.duplicated}`, '']);
}

async function main() {
  const results: Record<string, unknown> = { scale: SCALE, requests: REQUESTS, node: process.version, at: new Date().toISOString() };
  for (const handle of databases()) {
    const phase = async <T>(name: string, label: string, run: () => Promise<T>): Promise<T | undefined> => {
      if (!PHASES.has(name)) return undefined;
      process.stderr.write(`${handle.label}: ${label}…\n`);
      return run();
    };
    const status = await phase('status', '/status end to end', () => withFake(handle, (db, app, fake) => statusPhase(db, app, fake, SCALE, REQUESTS)));
    const burst = await phase('burst', `${BURST} events at once`, () => withFake(handle, (db, app, fake) => burstPhase(db, app, fake, SCALE, BURST)));
    const sweeps = await phase('sweep', 'reminder sweep', async () =>
      [await sweepPhase(handle, 10_000), await sweepPhase(handle, Number(process.env.BENCH_SWEEP_MAX ?? 100_000))]);
    const delivery = await phase('delivery', 'delivery', () => deliveryPhase(handle, Number(process.env.BENCH_MESSAGES ?? 400)));
    const digest = await phase('digest', 'digest', () => digestPhase(handle, 500));
    const roster = await phase('roster', 'roster import', () => rosterPhase(() => handle.open(), SCALE,
      { feishu: Number(process.env.BENCH_ROSTER ?? 2000), dingtalk: Number(process.env.BENCH_ROSTER_DINGTALK ?? 2000) }));
    const imports = await phase('import', 'import', () => importPhase(() => handle.open(), Number(process.env.BENCH_IMPORT_ITEMS ?? 10_000)));
    const cards = await phase('cards', 'every card type at city scale', () => cardsPhase(() => handle.open(), { commitments: SCALE.commitments }));
    const consoleRun = await phase('console', 'console pages', () => withFake(handle, (db, app) => consolePhase(db, app, SCALE, Number(process.env.BENCH_CONSOLE_REQUESTS ?? 200))));
    results[handle.label] = { status, burst, sweeps, delivery, digest, roster, import: imports, cards, console: consoleRun };

    process.stdout.write(`\n== ${handle.label} (${SCALE.commitments} commitments, ${SCALE.departments} departments, ${SCALE.leaders} leaders)\n`);
    if (status) process.stdout.write(statusTable(status) + '\n\n');
    const rows = [
      ...(burst ? burstRows(burst) : []),
      ...(sweeps ?? []).map((w) => [`reminder sweep, ${w.commitments} commitments`, `${w.ms} ms (${w.items} items, ${w.queued} messages); next workday ${w.nextDayMs} ms`, `${w.peakRssMb}`]),
      ...(delivery ? [[`delivery, ${delivery.messages} messages, 10% 429s`, `${delivery.achievedPerSecond}/s = ${delivery.ratioOfCeiling}× ceiling, lost ${delivery.lost}, duplicated ${delivery.duplicated}`, `${delivery.peakRssMb}`]] : []),
      ...(digest ? [[`weekly digest, ${digest.groups} groups`, `${digest.ms} ms (${digest.queued} queued)`, `${digest.peakRssMb}`]] : []),
      ...(roster ? rosterRows(roster) : []),
      ...(imports ? [[`import, ${imports.items} items (target < 5 s)`, `${imports.firstSeconds} s new, ${imports.againSeconds} s again unchanged`, `${imports.peakRssMb}`]] : []),
      ...Object.entries(consoleRun?.pages ?? {}).map(([label, p]) => [`console ${label} (server time, target p99 < 100 ms)`, `p50 ${p.p50} ms, p99 ${p.p99} ms; CPU p50 ${p.cpu.p50} ms, p99 ${p.cpu.p99} ms (${p.n} requests, ${Math.round(p.bytes / 1024)} KB, load ${os.loadavg()[0].toFixed(1)})`, `${consoleRun!.peakRssMb}`]),
    ];
    if (rows.length) process.stdout.write(table([['measure', 'result', 'peak RSS MiB'], ...rows]) + '\n');
    if (cards) process.stdout.write('\n' + table(cardsTable(cards)) + '\n');
  }
  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2));
  process.stdout.write('\nbench/results.json written\n');
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + (error?.cause ? `\ncause: ${error.cause.stack ?? error.cause}` : ""));
  process.exit(1);
});
