/**
 * npm run bench: duban at city scale, on PGlite and (with DATABASE_URL) on
 * PostgreSQL. Prints a table and writes bench/results.json. A benchmark, not a
 * test: nothing here fails the build.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
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
import { createFeishuClient } from '../src/platforms/feishu/client';
import { startFeishu } from '../src/platforms/feishu/startFeishu';
import { notice } from '../src/rendering/card';
import { loadCommitments } from '../src/register/commitments';
import { FakeFeishu } from '../tests/fakes/fakeFeishu';
import { messageEvent, postEvent } from '../tests/fakes/feishuEvents';
import { dropSchema } from '../tests/helpers/db';
import { drainOutbox, feishuAt } from '../tests/helpers/jobs';
import { generateRegister, Scale } from './generate';
import { latencies, Latencies, measured, pool } from './measure';

const KEY = 'bench-encrypt-key';
const SCALE: Scale = { commitments: Number(process.env.BENCH_COMMITMENTS ?? 10_000), departments: 200, leaders: 2000 };
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1000);
const CEILING = 40;

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

/** Signed events in, cards out to the fake server; latency from the POST to the reply's arrival. */
async function endToEnd(url: string, fake: FakeFeishu, texts: (i: number) => string, concurrency: number, tag: string): Promise<Latencies> {
  const waiting = new Map<string, () => void>();
  fake.onPost = (m) => waiting.get(m.target)?.();
  const samples: number[] = [];
  await pool(REQUESTS, concurrency, async (i) => {
    const messageId = `om_${tag}_${concurrency}_${i}`;
    const arrived = new Promise<void>((resolve) => waiting.set(messageId, resolve));
    const event = messageEvent({ token: '', senderOpenId: 'ou_bench_user', text: texts(i), messageId });
    const started = performance.now();
    await postEvent(url, event, { encryptKey: KEY });
    await arrived;
    samples.push(performance.now() - started);
    waiting.delete(messageId);
  });
  return latencies(samples);
}

/** The floor: the SDK's dispatcher behind its own adapter, replying a fixed text. */
async function floorServer(fake: FakeFeishu): Promise<{ url: string; close(): Promise<void> }> {
  const client = createFeishuClient({ appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: fake.url, eventMode: 'webhook' }, new lark.DefaultCache(), silentLogger);
  const dispatcher = new lark.EventDispatcher({ encryptKey: KEY, loggerLevel: lark.LoggerLevel.error }).register({
    'im.message.receive_v1': async (data: any) => {
      await client.im.message.reply({ path: { message_id: data.message.message_id }, data: { msg_type: 'text', content: JSON.stringify({ text: 'ok' }), uuid: `f-${data.event_id}` } });
      return {};
    },
  });
  const server = http.createServer(lark.adaptDefault('/webhook/event', dispatcher));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/webhook/event`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function statusPhase(handle: DatabaseHandle) {
  const { db, close } = await handle.open();
  const fake = await new FakeFeishu().start();
  try {
    const app = appOn(db);
    const { departmentNames } = await generateRegister(db, SCALE);
    const runtime = await startFeishu(app, { appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: fake.url, eventMode: 'webhook', encryptKey: KEY }, silentLogger, { cache: new lark.DefaultCache(), port: 0 });
    const floor = await floorServer(fake);
    const text = (i: number) => `/status ${departmentNames[(i * 37) % departmentNames.length]}`;
    const result: Record<string, unknown> = {};
    for (const concurrency of [1, 16]) {
      const status = await measured(() => endToEnd(runtime.webhookUrl!, fake, text, concurrency, 'status'));
      const floorRun = await measured(() => endToEnd(floor.url, fake, () => '/status', concurrency, 'floor'));
      result[`c${concurrency}`] = {
        status: status.result, floor: floorRun.result,
        ratioP99: Math.round((status.result.p99 / floorRun.result.p99) * 100) / 100,
        peakRssMb: Math.max(status.peakRssMb, floorRun.peakRssMb),
      };
    }
    const departments = await db.selectFrom('departments').select('id').execute();
    const sqlSamples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await loadCommitments(db, { departmentId: departments[(i * 37) % departments.length].id });
      sqlSamples.push(performance.now() - started);
    }
    const sqlLatency = latencies(sqlSamples);
    result.statusQuery = sqlLatency;
    // The floor of a /status answer: the SDK's own round trip plus the status query itself.
    for (const concurrency of [1, 16]) {
      const row = result[`c${concurrency}`] as { status: Latencies; floor: Latencies; ratioP99WithSql?: number };
      row.ratioP99WithSql = Math.round((row.status.p99 / (row.floor.p99 + sqlLatency.p99)) * 100) / 100;
    }
    await runtime.stop();
    await floor.close();
    return result;
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
    const run = await measured(() => planReminders(app, '2022-12-28'));
    return { commitments, ms: run.ms, queued: run.result.queued, items: run.result.items, peakRssMb: run.peakRssMb };
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

async function main() {
  const results: Record<string, unknown> = { scale: SCALE, requests: REQUESTS, node: process.version, at: new Date().toISOString() };
  for (const handle of databases()) {
    process.stderr.write(`${handle.label}: /status end to end…\n`);
    const status = await statusPhase(handle);
    process.stderr.write(`${handle.label}: reminder sweep…\n`);
    const sweeps = [await sweepPhase(handle, 10_000), await sweepPhase(handle, Number(process.env.BENCH_SWEEP_MAX ?? 100_000))];
    process.stderr.write(`${handle.label}: delivery…\n`);
    const delivery = await deliveryPhase(handle, Number(process.env.BENCH_MESSAGES ?? 400));
    process.stderr.write(`${handle.label}: digest…\n`);
    const digest = await digestPhase(handle, 500);
    results[handle.label] = { status, sweeps, delivery, digest };

    const s = status as Record<string, any>;
    process.stdout.write(`\n== ${handle.label} (${SCALE.commitments} commitments, ${SCALE.departments} departments, ${SCALE.leaders} leaders)\n`);
    process.stdout.write(table([
      ['measure', 'p50 ms', 'p95 ms', 'p99 ms', 'SDK floor p99', 'ratio', 'ratio to floor+SQL', 'peak RSS MiB'],
      ...[1, 16].map((c) => [`/status end to end, concurrency ${c}`, `${s[`c${c}`].status.p50}`, `${s[`c${c}`].status.p95}`, `${s[`c${c}`].status.p99}`, `${s[`c${c}`].floor.p99}`, `${s[`c${c}`].ratioP99}×`, `${s[`c${c}`].ratioP99WithSql}×`, `${s[`c${c}`].peakRssMb}`]),
      ['status query alone (SQL)', `${s.statusQuery.p50}`, `${s.statusQuery.p95}`, `${s.statusQuery.p99}`, '', '', '', ''],
    ]) + '\n\n');
    process.stdout.write(table([
      ['measure', 'result', 'peak RSS MiB'],
      ...sweeps.map((w) => [`reminder sweep, ${w.commitments} commitments`, `${w.ms} ms (${w.items} items, ${w.queued} messages)`, `${w.peakRssMb}`]),
      [`delivery, ${delivery.messages} messages, 10% 429s`, `${delivery.achievedPerSecond}/s = ${delivery.ratioOfCeiling}× ceiling, lost ${delivery.lost}, duplicated ${delivery.duplicated}`, `${delivery.peakRssMb}`],
      [`weekly digest, ${digest.groups} groups`, `${digest.ms} ms (${digest.queued} queued)`, `${digest.peakRssMb}`],
    ]) + '\n');
  }
  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2));
  process.stdout.write('\nbench/results.json written\n');
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});
