import http from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Db } from '../db/connection';
import type { App } from '../src/app';
import { silentLogger } from '../src/logger';
import { createFeishuClient } from '../src/platforms/feishu/client';
import { startFeishu } from '../src/platforms/feishu/startFeishu';
import { commitmentsStatement } from '../src/register/commitments';
import type { FakeFeishu } from '../testkit/fakeFeishu';
import { messageEvent, postEvent } from '../testkit/feishuEvents';
import { generateRegister, Scale } from './generate';
import { latencies, Latencies, measured, pool } from './measure';

export const BENCH_KEY = 'bench-encrypt-key';
const APP_ID = 'cli_a1b2c3d4e5f60718';

export interface StatusRow {
  /** duban: signed event in, /status card out, median run of three (by p99). */
  status: Latencies;
  /** The floor, one pipeline: the SDK's dispatcher, the same SQL, a reply of the same card. */
  floor: Latencies;
  /** status p99 ÷ floor p99, medians of three runs each: the target is ≤ 1.5. */
  ratioP99: number;
  runsP99: { status: number[]; floor: number[] };
  peakRssMb: number;
}

/**
 * Signed events in, cards out to the fake server. Latency runs from the POST to
 * the reply's arrival at the fake server, which is when the user sees it; the
 * webhook's own answer is awaited only to keep the concurrency honest.
 */
async function endToEnd(url: string, fake: FakeFeishu, texts: (i: number) => string, concurrency: number, tag: string, requests: number): Promise<Latencies> {
  const waiting = new Map<string, (at: number) => void>();
  fake.onPost = (m) => waiting.get(m.target)?.(performance.now());
  const samples: number[] = [];
  await pool(requests, concurrency, async (i) => {
    const messageId = `om_${tag}_${concurrency}_${i}`;
    const arrived = new Promise<number>((resolve) => waiting.set(messageId, resolve));
    const event = messageEvent({ token: '', senderOpenId: 'ou_bench_user', text: texts(i), messageId });
    const started = performance.now();
    await postEvent(url, event, { encryptKey: BENCH_KEY });
    samples.push((await arrived) - started);
    waiting.delete(messageId);
  });
  return latencies(samples);
}

/**
 * What any bot must do to answer /status, with nothing of duban's around it:
 * the SDK's dispatcher behind its own adapter, the status statement compiled
 * beforehand, and a reply carrying the very card duban sent for that department.
 */
async function floorServer(db: Db, fake: FakeFeishu, cards: Map<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const client = createFeishuClient({ appId: APP_ID, appSecret: 's', domain: fake.url, eventMode: 'webhook' }, new lark.DefaultCache(), silentLogger);
  const statements = new Map([...cards.keys()].map((name) => [name, commitmentsStatement(db, { departmentNamed: name }).compile()]));
  const dispatcher = new lark.EventDispatcher({ encryptKey: BENCH_KEY, loggerLevel: lark.LoggerLevel.error }).register({
    'im.message.receive_v1': async (data: any) => {
      const name = JSON.parse(data.message.content).text.replace('/status ', '');
      await db.executeQuery(statements.get(name)!);
      await client.im.message.reply({ path: { message_id: data.message.message_id }, data: { msg_type: 'interactive', content: cards.get(name)!, uuid: `f-${data.event_id}` } });
      return {};
    },
  });
  const server = http.createServer(lark.adaptDefault('/webhook/event', dispatcher));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/webhook/event`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The run whose p99 is the median of three. */
async function medianOfThree(run: () => Promise<Latencies>): Promise<{ median: Latencies; p99s: number[]; peakRssMb: number }> {
  const runs: Latencies[] = [];
  let peakRssMb = 0;
  for (let i = 0; i < 3; i++) {
    const one = await measured(run);
    runs.push(one.result);
    peakRssMb = Math.max(peakRssMb, one.peakRssMb);
  }
  const sorted = [...runs].sort((a, b) => a.p99 - b.p99);
  return { median: sorted[1], p99s: runs.map((r) => r.p99), peakRssMb };
}

export async function statusPhase(db: Db, app: App, fake: FakeFeishu, scale: Scale, requests: number): Promise<Record<string, StatusRow>> {
  const { departmentNames } = await generateRegister(db, scale);
  const runtime = await startFeishu(app, { appId: APP_ID, appSecret: 's', domain: fake.url, eventMode: 'webhook', encryptKey: BENCH_KEY }, silentLogger, { cache: new lark.DefaultCache(), port: 0 });
  const text = (i: number) => `/status ${departmentNames[(i * 37) % departmentNames.length]}`;
  try {
    // Every department once: warms duban up and keeps the card it answers with, for the floor to send.
    const cards = new Map<string, string>();
    const before = fake.posted.length;
    await endToEnd(runtime.webhookUrl!, fake, text, 4, 'cards', departmentNames.length);
    for (const message of fake.posted.slice(before)) {
      const i = Number(message.target.split('_').pop());
      cards.set(text(i).replace('/status ', ''), JSON.stringify(message.card));
    }
    const floor = await floorServer(db, fake, cards);
    const result: Record<string, StatusRow> = {};
    try {
      for (const concurrency of [1, 16]) {
        // A warm-up at the same concurrency, so that neither side pays inside the measurement
        // for first-use compilation or for opening the connections it will keep.
        await endToEnd(runtime.webhookUrl!, fake, text, concurrency, 'warm', 100);
        await endToEnd(floor.url, fake, text, concurrency, 'warm-floor', 100);
        const status = await medianOfThree(() => endToEnd(runtime.webhookUrl!, fake, text, concurrency, 'status', requests));
        const floorRuns = await medianOfThree(() => endToEnd(floor.url, fake, text, concurrency, 'floor', requests));
        result[`c${concurrency}`] = {
          status: status.median, floor: floorRuns.median,
          ratioP99: Math.round((status.median.p99 / floorRuns.median.p99) * 100) / 100,
          runsP99: { status: status.p99s, floor: floorRuns.p99s },
          peakRssMb: Math.max(status.peakRssMb, floorRuns.peakRssMb),
        };
      }
    } finally {
      await floor.close();
    }
    return result;
  } finally {
    await runtime.stop();
  }
}
