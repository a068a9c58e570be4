import http from 'node:http';
import { silentLogger } from '../../src/logger';
import { createHttpServer, HttpServer } from '../../src/server/httpServer';
import { registerRoutes } from '../../src/server/routes';
import { enqueue } from '../../jobs/outbox';
import { Harness, openHarness } from '../helpers/harness';

let h: Harness;
const servers: HttpServer[] = [];

async function serve(metricsHost?: string): Promise<string> {
  const config = { ...h.app.config, metricsAllowed: metricsHost === undefined ? [] : metricsHost === 'none' ? null : [metricsHost] };
  const server = createHttpServer(config.http, silentLogger);
  server.callback('/webhook/event', async (request) => ({ status: request.headers['x-lark-signature'] ? 200 : 401, body: {} }), 'feishu');
  registerRoutes(server, { app: { ...h.app, config }, platformsConnected: () => true });
  servers.push(server);
  return server.listen(0, '127.0.0.1');
}

function get(url: string, localAddress = '127.0.0.1'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { localAddress }, (response) => {
      let body = '';
      response.on('data', (d) => (body += d));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await h.close();
});

test('GET /metrics: Prometheus text with the outbox by kind and state, the register by state, refused events', async () => {
  const base = await serve();
  await enqueue(h.db, { dedupeKey: 'metrics-test', platform: 'feishu', target: { kind: 'user', id: 'ou_x' }, kind: 'reminder', payload: { day: '2022-11-20', audience: 'office', leader: null, commitmentIds: [], unbound: [], escalated: [] } });
  expect((await fetch(`${base}/webhook/event`, { method: 'POST', body: '{}' })).status).toBe(401);
  const { status, body } = await get(`${base}/metrics`);
  expect(status).toBe(200);
  expect(body).toMatch(/^duban_outbox_messages\{kind="reminder",state="pending"\} 1$/m);
  expect(body).toMatch(/^duban_commitments\{state="[^"]+"\} \d+$/m);
  expect(body).toMatch(/^duban_events_total\{platform="feishu",outcome="refused"\} [1-9]/m);
  expect(body).toContain('# TYPE duban_reply_seconds histogram');
  expect(body).toContain('# TYPE duban_job_duration_seconds histogram');
  expect(body).not.toContain('ou_x');
});

test('only loopback reads /metrics unless METRICS_HOST allows the address; METRICS_HOST=none removes it', async () => {
  const closed = await serve();
  expect((await get(`${closed}/metrics`, '127.0.0.2')).status).toBe(404);
  const allowed = await serve('127.0.0.2');
  expect((await get(`${allowed}/metrics`, '127.0.0.2')).status).toBe(200);
  const none = await serve('none');
  expect((await get(`${none}/metrics`)).status).toBe(404);
});
