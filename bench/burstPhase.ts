import path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Db } from '../db/connection';
import type { App } from '../src/app';
import { silentLogger } from '../src/logger';
import { startFeishu } from '../src/platforms/feishu/startFeishu';
import type { FakeFeishu } from '../testkit/fakeFeishu';
import type { BurstAcks, BurstOrder } from './burstSender';
import { generateRegister, Scale } from './generate';
import { latencies, Latencies } from './measure';
import { BENCH_KEY } from './statusPhase';

/** Feishu delivers an event again when it is not acknowledged within 3 s. */
const REDELIVERY_MS = 3_000;
/** How long a reply may take before the bench counts it lost. */
const GIVE_UP_MS = 60_000;
/** Events sent once, unmeasured, before the three bursts. */
const WARM_UP_EVENTS = 100;
/** The sender's connection pool: the platform pushes over a pool of connections, not one socket per event. */
const SENDER_SOCKETS = 100;

export interface BurstRun {
  events: number;
  ack: Latencies;
  reply: Latencies;
  ackedAfter1s: number;
  ackedAfter3s: number;
  refused: number;
  lost: number;
  duplicated: number;
}

/** Runs the platform's side of a burst in a worker thread (see burstSender). */
function sendInWorker(order: BurstOrder): Promise<BurstAcks> {
  return new Promise((resolve, reject) => {
    // A worker does not inherit tsx's loader: register it, then load the TypeScript file.
    const script = `require('tsx/cjs'); require(${JSON.stringify(path.join(__dirname, 'burstSender.ts'))});`;
    const worker = new Worker(script, { eval: true, workerData: order });
    worker.once('message', (result: BurstAcks) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/** `events` signed /status events sent at once; when each is acknowledged and answered. */
async function burst(url: string, fake: FakeFeishu, departmentNames: string[], events: number, tag: string): Promise<BurstRun> {
  const replies = new Map<string, number[]>();
  const now = () => performance.timeOrigin + performance.now();
  fake.onPost = (m) => replies.get(m.target)?.push(now());
  const order: BurstOrder = {
    url, key: BENCH_KEY, sockets: SENDER_SOCKETS,
    events: Array.from({ length: events }, (_, i) => ({
      messageId: `om_burst_${tag}_${i}`,
      senderOpenId: `ou_burst_${i % 50}`,
      text: `/status ${departmentNames[(i * 37) % departmentNames.length]}`,
    })),
  };
  for (const e of order.events) replies.set(e.messageId, []);
  const sent = await sendInWorker(order);
  const acks = sent.acks.map((at) => at - sent.started);
  const deadline = performance.now() + GIVE_UP_MS;
  while (performance.now() < deadline && [...replies.values()].some((times) => times.length === 0)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const answered = [...replies.values()].filter((times) => times.length).map((times) => times[0] - sent.started);
  return {
    events,
    ack: latencies(acks),
    reply: latencies(answered),
    ackedAfter1s: acks.filter((ms) => ms > 1_000).length,
    ackedAfter3s: acks.filter((ms) => ms > REDELIVERY_MS).length,
    refused: sent.refused,
    lost: [...replies.values()].filter((times) => times.length === 0).length,
    duplicated: [...replies.values()].filter((times) => times.length > 1).length,
  };
}

/** Three bursts on one running, warmed-up bot; the slowest is the one to judge by. */
export async function burstPhase(db: Db, app: App, fake: FakeFeishu, scale: Scale, events: number): Promise<{ runs: BurstRun[]; slowest: BurstRun }> {
  const { departmentNames } = await generateRegister(db, scale);
  const runtime = await startFeishu(app, { appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: fake.url, eventMode: 'webhook', encryptKey: BENCH_KEY }, silentLogger, { cache: new lark.DefaultCache(), port: 0 });
  try {
    // A running bot is warm: the first burst of a fresh process also pays for compiling its code paths (ack p99 up to 2.8 s).
    await burst(runtime.webhookUrl!, fake, departmentNames, WARM_UP_EVENTS, 'warm');
    const runs: BurstRun[] = [];
    for (let run = 0; run < 3; run++) runs.push(await burst(runtime.webhookUrl!, fake, departmentNames, events, `r${run}`));
    const slowest = [...runs].sort((a, b) => b.ack.p99 - a.ack.p99)[0];
    return { runs, slowest };
  } finally {
    await runtime.stop();
  }
}
