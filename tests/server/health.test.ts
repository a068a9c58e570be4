import { silentLogger } from '../../src/logger';
import { createHttpServer, HttpServer } from '../../src/server/httpServer';
import { registerRoutes } from '../../src/server/routes';
import { Harness, openHarness } from '../helpers/harness';

let h: Harness;
let server: HttpServer;
let base: string;
let connected = true;

beforeAll(async () => {
  h = await openHarness();
  server = createHttpServer(h.app.config.http, silentLogger);
  server.callback('/webhook/event', async () => ({ status: 200, body: { ok: true } }));
  registerRoutes(server, { app: h.app, platformsConnected: () => connected });
  base = await server.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await server.close();
  await h.close();
});

const get = async (path: string) => {
  const response = await fetch(`${base}${path}`);
  return { status: response.status, body: await response.text() };
};

test('/healthz and /readyz answer ok and reveal nothing else', async () => {
  expect(await get('/healthz')).toEqual({ status: 200, body: '{"status":"ok"}' });
  expect(await get('/readyz')).toEqual({ status: 200, body: '{"status":"ready"}' });
});

test('/readyz is 503 while a platform is disconnected', async () => {
  connected = false;
  expect(await get('/readyz')).toEqual({ status: 503, body: '{"status":"not ready"}' });
  connected = true;
});

test('draining: callbacks answer 503 so the platform delivers again, /readyz is 503, /healthz stays ok', async () => {
  expect((await fetch(`${base}/webhook/event`, { method: 'POST', body: '{}' })).status).toBe(200);
  server.drain();
  expect((await fetch(`${base}/webhook/event`, { method: 'POST', body: '{}' })).status).toBe(503);
  expect((await get('/readyz')).status).toBe(503);
  expect((await get('/healthz')).status).toBe(200);
});
