import http from 'node:http';
import net from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import { silentLogger } from '../../src/logger';
import { FeishuRuntime, startFeishu } from '../../src/platforms/feishu/startFeishu';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { messageEvent, postEvent } from '../../testkit/feishuEvents';
import { waitFor } from '../../testkit/waitFor';
import { Harness, openHarness } from '../helpers/harness';

const KEY = 'limits-encrypt-key-0123456789';
const TOKEN = 'v-token-limits';

let h: Harness;
let fake: FakeFeishu;
const runtimes: FeishuRuntime[] = [];

async function webhook(overrides: Partial<Harness['app']['config']['http']> = {}): Promise<string> {
  h.app.config.http = { ...h.app.config.http, ...overrides };
  const runtime = await startFeishu(
    h.app,
    { appId: 'cli_limits0000000000', appSecret: 'secret', domain: fake.url, eventMode: 'webhook', encryptKey: KEY, verificationToken: TOKEN },
    silentLogger,
    { cache: new lark.DefaultCache(), port: 0 },
  );
  runtimes.push(runtime);
  return runtime.webhookUrl!;
}

/** A connection that sends half a request head and then nothing, from `localAddress`. */
interface Slow { socket: net.Socket; closed: boolean; received: string }
function slowConnection(url: string, localAddress: string): Slow {
  const { port } = new URL(url);
  const slow: Slow = { socket: net.connect({ host: '127.0.0.1', port: Number(port), localAddress }), closed: false, received: '' };
  slow.socket.on('connect', () => slow.socket.write('POST /webhook/event HTTP/1.1\r\nHost: duban\r\nContent-Type: application/json\r\n'));
  slow.socket.on('data', (chunk) => (slow.received += chunk.toString()));
  slow.socket.on('error', () => undefined);
  slow.socket.on('close', () => (slow.closed = true));
  return slow;
}

const open = (slows: Slow[]) => slows.filter((s) => !s.closed).length;
let sequence = 0;
const statusEvent = () => messageEvent({ token: TOKEN, senderOpenId: 'ou_limits', text: '/status 市发改局', messageId: `om_limits_${++sequence}` });

beforeAll(async () => {
  fake = await new FakeFeishu().start();
  h = await openHarness();
});
afterAll(async () => {
  for (const runtime of runtimes) await runtime.stop();
  await fake.stop();
  await h.close();
});

test('half-sent requests from one address are capped, and signed events from elsewhere are still answered', async () => {
  const url = await webhook({ maxConnections: 30, maxConnectionsPerAddress: 10 });
  const slows = Array.from({ length: 25 }, () => slowConnection(url, '127.0.0.2'));
  await waitFor(() => slows.filter((s) => s.closed).length === 15, 10_000, 'the connections over the per-address cap to close');

  const event = statusEvent();
  const response = await postEvent(url, event, { encryptKey: KEY });
  expect(response.status).toBe(200);
  await fake.waitFor(() => fake.repliesTo(event.event.message.message_id).length > 0, 5000);
  expect(open(slows)).toBe(10);
  for (const s of slows) s.socket.destroy();
});

test('the total cap holds across addresses, and the server answers again once they go', async () => {
  const url = await webhook({ maxConnections: 30, maxConnectionsPerAddress: 10 });
  const slows = ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'].flatMap((address) => Array.from({ length: 10 }, () => slowConnection(url, address)));
  await waitFor(() => slows.filter((s) => s.closed).length === 10, 10_000, 'the connections over the total cap to close');
  expect(open(slows)).toBe(30);
  // Full: a new connection is closed without an answer instead of costing a file descriptor.
  await expect(postEvent(url, statusEvent(), { encryptKey: KEY })).rejects.toThrow();

  for (const s of slows) s.socket.destroy();
  // The server sees the closes a moment after the client: try again until it has.
  let status = 0;
  for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
    status = await postEvent(url, statusEvent(), { encryptKey: KEY }).then((r) => r.status, () => 0);
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  expect(status).toBe(200);
});

test('a request head not finished within the headers timeout is closed by the server', async () => {
  const url = await webhook({ headersTimeoutMs: 1000 });
  const slow = slowConnection(url, '127.0.0.7');
  await waitFor(() => slow.closed, 15_000, 'the server to close the slow connection');
  expect(slow.received).toMatch(/^HTTP\/1\.1 408/);
});

/** Posts `bytes` bytes, with a Content-Length or chunked, and reads the answer to the end. */
function postLarge(url: string, bytes: number, chunked: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = Buffer.alloc(bytes, 'a');
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json' };
    if (!chunked) headers['content-length'] = bytes;
    const request = http.request(url, { method: 'POST', headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    for (let at = 0; at < bytes; at += 64 * 1024) request.write(body.subarray(at, at + 64 * 1024));
    request.end();
  });
}

test.each([false, true])('an oversize body is answered 413, not reset (chunked: %p)', async (chunked) => {
  const url = await webhook();
  await expect(postLarge(url, 3 * 1024 * 1024, chunked)).resolves.toBe(413);
});
