/**
 * npx tsx bench/startup.ts: how long `npm start` (tsx) and `npm run serve`
 * (the compiled build; run `npm run build` first) take from launch until
 * /readyz answers 200, and how much memory the bot then holds. Each is started
 * as the real bot (Feishu in webhook mode against the fake server) on an empty
 * DATA_DIR (database created, migrated, seeded) and again on the same one (a
 * restart). A measurement, not a test.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { FakeFeishu } from '../testkit/fakeFeishu';

const ROOT = path.join(__dirname, '..');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const WAYS = [
  { label: 'npm start (tsx)', args: ['start'] },
  { label: 'npm run serve (dist)', args: ['run', 'serve'] },
];

interface Start { readyMs: number; rssMb: number; peakRssMb: number; treeRssMb: number }

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `pid` and every process under it. */
function tree(pid: number): number[] {
  const children = (p: number): number[] => {
    try {
      return fs.readdirSync(`/proc/${p}/task`).flatMap((t) => fs.readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    } catch {
      return [];
    }
  };
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i]));
  return all;
}

function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

async function startOnce(args: string[], env: Record<string, string>): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port), NODE_OPTIONS: '' }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited before ready:\n${stderr}`);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200, () => false);
      if (ready) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const readyMs = performance.now() - started;
    const pids = tree(child.pid!);
    // The bot is the process holding the most memory (npm and tsx's launcher are small node processes above it).
    const bot = pids.reduce((a, b) => (memoryKb(b, 'VmRSS') > memoryKb(a, 'VmRSS') ? b : a));
    const mb = (kb: number) => Math.round(kb / 1024);
    return { readyMs: Math.round(readyMs), rssMb: mb(memoryKb(bot, 'VmRSS')), peakRssMb: mb(memoryKb(bot, 'VmHWM')), treeRssMb: mb(pids.reduce((sum, p) => sum + memoryKb(p, 'VmRSS'), 0)) };
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'main.js'))) throw new Error('dist/ is missing: run npm run build first');
  const fake = await new FakeFeishu().start();
  const env = {
    FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 'secret', FEISHU_EVENT_MODE: 'webhook', FEISHU_ENCRYPT_KEY: 'bench-key',
    FEISHU_DOMAIN: fake.url, LOG_LEVEL: 'warn', METRICS_HOST: 'none',
  };
  const results: Record<string, { first: Start[]; restart: Start[] }> = {};
  const load = [os.loadavg()[0]];
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const way of WAYS) {
        const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-startup-'));
        const entry = (results[way.label] ??= { first: [], restart: [] });
        entry.first.push(await startOnce(way.args, { ...env, DATA_DIR: dataDir }));
        entry.restart.push(await startOnce(way.args, { ...env, DATA_DIR: dataDir }));
        fs.rmSync(dataDir, { recursive: true, force: true });
        load.push(os.loadavg()[0]);
      }
    }
  } finally {
    await fake.stop();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const summary = Object.fromEntries(Object.entries(results).map(([label, r]) => [label, Object.fromEntries((['first', 'restart'] as const).map((k) => [k, {
    readyMs: { median: median(r[k].map((s) => s.readyMs)), all: r[k].map((s) => s.readyMs) },
    rssMb: median(r[k].map((s) => s.rssMb)), peakRssMb: median(r[k].map((s) => s.peakRssMb)), treeRssMb: median(r[k].map((s) => s.treeRssMb)),
  }]))]));
  const report = { cpus: os.cpus().length, loadAverage1m: { min: Math.min(...load), max: Math.max(...load) }, runs: RUNS, summary };
  console.log(JSON.stringify(report, null, 2));
  fs.writeFileSync(path.join(__dirname, 'startup-results.json'), `${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
