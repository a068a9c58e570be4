import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { encrypt, messageEvent, sign } from '../testkit/feishuEvents';

/**
 * The platform's side of a burst, in a worker thread of its own: Feishu's
 * servers do not share the bot's CPU, so neither should the bench's sender.
 * Times are absolute (timeOrigin + now) so the bot's thread can compare them.
 */
export interface BurstOrder {
  url: string;
  key: string;
  sockets: number;
  events: { messageId: string; senderOpenId: string; text: string }[];
}

export interface BurstAcks {
  /** When each event's acknowledgement arrived, absolute ms. */
  acks: number[];
  started: number;
  refused: number;
}

const now = () => performance.timeOrigin + performance.now();

function post(agent: http.Agent, url: URL, key: string, payload: unknown): Promise<number> {
  const body = JSON.stringify(encrypt(payload, key));
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomUUID();
  return new Promise((resolve) => {
    const request = http.request(url, {
      method: 'POST', agent,
      headers: {
        'content-type': 'application/json', 'content-length': Buffer.byteLength(body),
        'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': sign(timestamp, nonce, key, body),
      },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', () => resolve(0));
    request.end(body);
  });
}

async function send(order: BurstOrder): Promise<BurstAcks> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: order.sockets });
  const target = new URL(order.url);
  const acks: number[] = [];
  let refused = 0;
  const started = now();
  await Promise.all(order.events.map(async (e) => {
    const status = await post(agent, target, order.key, messageEvent({ token: '', senderOpenId: e.senderOpenId, text: e.text, messageId: e.messageId }));
    acks.push(now());
    if (status !== 200) refused++;
  }));
  agent.destroy();
  return { acks, started, refused };
}

if (parentPort && workerData) {
  void send(workerData as BurstOrder).then((result) => parentPort!.postMessage(result));
}
