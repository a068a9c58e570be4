import http from 'node:http';
import { randomUUID } from 'node:crypto';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Db } from '../db/connection';
import type { App } from '../src/app';
import { silentLogger } from '../src/logger';
import { startFeishu } from '../src/platforms/feishu/startFeishu';
import type { FakeFeishu } from '../testkit/fakeFeishu';
import { encrypt, messageEvent, sign } from '../testkit/feishuEvents';
import { generateRegister, Scale } from './generate';
import { latencies, Latencies } from './measure';
import { BENCH_KEY } from './statusPhase';

/** Feishu delivers an event again when it is not acknowledged within 3 s. */
const REDELIVERY_MS = 3_000;
/** How long a reply may take before the bench counts it lost. */
const GIVE_UP_MS = 60_000;
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

function post(agent: http.Agent, url: URL, payload: unknown): Promise<number> {
  const body = JSON.stringify(encrypt(payload, BENCH_KEY));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomUUID();
  return new Promise((resolve) => {
    const request = http.request(url, {
      method: 'POST', agent,
      headers: {
        'content-type': 'application/json', 'content-length': Buffer.byteLength(body),
        'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': sign(timestamp, nonce, BENCH_KEY, body),
      },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', () => resolve(0));
    request.end(body);
  });
}

/** `events` signed /status events sent at once; when each is acknowledged and answered. */
async function burst(url: string, fake: FakeFeishu, departmentNames: string[], events: number, tag: string): Promise<BurstRun> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SENDER_SOCKETS });
  const replies = new Map<string, number[]>();
  fake.onPost = (m) => replies.get(m.target)?.push(performance.now());
  const target = new URL(url);
  const acks: number[] = [];
  const answered: number[] = [];
  let refused = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: events }, async (_, i) => {
    const messageId = `om_burst_${tag}_${i}`;
    replies.set(messageId, []);
    const event = messageEvent({ token: '', senderOpenId: `ou_burst_${i % 50}`, text: `/status ${departmentNames[(i * 37) % departmentNames.length]}`, messageId });
    const status = await post(agent, target, event);
    acks.push(performance.now() - started);
    if (status !== 200) refused++;
  }));
  const deadline = performance.now() + GIVE_UP_MS;
  while (performance.now() < deadline && [...replies.values()].some((times) => times.length === 0)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const times of replies.values()) if (times.length) answered.push(times[0] - started);
  agent.destroy();
  return {
    events,
    ack: latencies(acks),
    reply: latencies(answered),
    ackedAfter1s: acks.filter((ms) => ms > 1_000).length,
    ackedAfter3s: acks.filter((ms) => ms > REDELIVERY_MS).length,
    refused,
    lost: [...replies.values()].filter((times) => times.length === 0).length,
    duplicated: [...replies.values()].filter((times) => times.length > 1).length,
  };
}

/** Three bursts on one running bot; the slowest is the one to judge by. */
export async function burstPhase(db: Db, app: App, fake: FakeFeishu, scale: Scale, events: number): Promise<{ runs: BurstRun[]; slowest: BurstRun }> {
  const { departmentNames } = await generateRegister(db, scale);
  const runtime = await startFeishu(app, { appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: fake.url, eventMode: 'webhook', encryptKey: BENCH_KEY }, silentLogger, { cache: new lark.DefaultCache(), port: 0 });
  try {
    const runs: BurstRun[] = [];
    for (let run = 0; run < 3; run++) runs.push(await burst(runtime.webhookUrl!, fake, departmentNames, events, `r${run}`));
    const slowest = [...runs].sort((a, b) => b.ack.p99 - a.ack.p99)[0];
    return { runs, slowest };
  } finally {
    await runtime.stop();
  }
}
