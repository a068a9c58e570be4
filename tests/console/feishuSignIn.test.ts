import { createFeishuClient } from '../../src/platforms/feishu/client';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/logger';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { ConsoleHarness, openConsole, sessionFor } from '../helpers/console';

let fake: FakeFeishu;
let h: ConsoleHarness;
beforeAll(async () => {
  fake = await new FakeFeishu().start();
  const env = { FEISHU_APP_ID: 'cli_test', FEISHU_APP_SECRET: 'secret', FEISHU_DOMAIN: fake.url, ADMIN_OPEN_IDS: 'ou_office' };
  h = await openConsole({ env, feishu: createFeishuClient(loadConfig(env).feishu!, undefined, silentLogger) });
  await h.db.updateTable('leaders').set({ feishu_open_id: 'ou_tong' }).where('name', '=', '童安胜').execute();
});
afterAll(async () => {
  await h.close();
  await fake.stop();
});

/** The browser's round trip: our redirect to Feishu, Feishu's redirect back with a code. */
async function signInThroughFeishu(code: string) {
  const start = await h.server.inject({ method: 'GET', url: '/console/auth/feishu' });
  expect(start.statusCode).toBe(302);
  const authorize = new URL(String(start.headers.location));
  expect(authorize.origin + authorize.pathname).toBe(`${fake.url}/open-apis/authen/v1/authorize`);
  expect(authorize.searchParams.get('app_id')).toBe('cli_test');
  expect(authorize.searchParams.get('redirect_uri')).toBe('http://127.0.0.1/console/auth/feishu/callback');
  const state = authorize.searchParams.get('state')!;
  const stateCookie = String(start.headers['set-cookie']).split(';')[0];
  return h.server.inject({ method: 'GET', url: `/console/auth/feishu/callback?code=${code}&state=${state}`, headers: { cookie: stateCookie } });
}

test('Feishu web sign-in: code → user access token → open_id through the SDK; a bound leader is recognised', async () => {
  fake.signInCodes.set('code-1', { openId: 'ou_tong', name: '童安胜' });
  const back = await signInThroughFeishu('code-1');
  expect(back.statusCode).toBe(302);
  expect(back.headers.location).toBe('/console/');
  const cookie = [back.headers['set-cookie']].flat().map(String).find((c) => c.startsWith('duban_console='))!.split(';')[0];
  const session = await sessionFor(h.server, cookie);
  const page = await session.get('/console/');
  expect(page.body).toContain('童安胜');
  expect(page.body).not.toContain('（督查室）');
  expect(fake.requests.some((r) => r.path === '/open-apis/authen/v1/user_info')).toBe(true);
  const row = await h.db.selectFrom('console_sessions').select('actor').executeTakeFirstOrThrow();
  expect(row.actor).toMatchObject({ platform: 'feishu', id: 'ou_tong' });
});

test('an admin open_id signs in as the office', async () => {
  fake.signInCodes.set('code-2', { openId: 'ou_office', name: '王科长' });
  const back = await signInThroughFeishu('code-2');
  const cookie = [back.headers['set-cookie']].flat().map(String).find((c) => c.startsWith('duban_console='))!.split(';')[0];
  expect((await (await sessionFor(h.server, cookie)).get('/console/review')).statusCode).toBe(200);
});

test('a spent or unknown code, or a callback without the matching state, starts no session', async () => {
  expect((await signInThroughFeishu('code-1')).statusCode).toBe(403);
  fake.signInCodes.set('code-3', { openId: 'ou_x', name: 'x' });
  const noState = await h.server.inject({ method: 'GET', url: '/console/auth/feishu/callback?code=code-3&state=abc' });
  expect(noState.statusCode).toBe(403);
  expect(fake.signInCodes.has('code-3')).toBe(true);
});
