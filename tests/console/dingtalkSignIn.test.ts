import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { ConsoleHarness, openConsole, sessionFor } from '../helpers/console';

let fake: FakeDingTalk;
/** The old-style host on its own address, as in a 浙政钉 deployment: the staff id must be asked there. */
let oapi: FakeDingTalk;
let h: ConsoleHarness;
beforeAll(async () => {
  fake = await new FakeDingTalk().start();
  oapi = await new FakeDingTalk().start();
  const env = { DINGTALK_APP_KEY: 'ding_app', DINGTALK_APP_SECRET: 'secret', DINGTALK_API_BASE: fake.url, DINGTALK_OAPI_BASE: oapi.url, ADMIN_DINGTALK_IDS: 'staff_office' };
  h = await openConsole({ env });
  await h.db.updateTable('leaders').set({ dingtalk_staff_id: 'staff_tong' }).where('name', '=', '童安胜').execute();
});
afterAll(async () => {
  await h.close();
  await fake.stop();
  await oapi.stop();
});

/** The browser's round trip: our redirect to DingTalk's login page, DingTalk's redirect back with an authCode. */
async function signInThroughDingTalk(code: string) {
  const start = await h.server.inject({ method: 'GET', url: '/console/auth/dingtalk' });
  expect(start.statusCode).toBe(302);
  const authorize = new URL(String(start.headers.location));
  expect(authorize.origin + authorize.pathname).toBe('https://login.dingtalk.com/oauth2/auth');
  expect(authorize.searchParams.get('client_id')).toBe('ding_app');
  expect(authorize.searchParams.get('redirect_uri')).toBe('http://127.0.0.1/console/auth/dingtalk/callback');
  const state = authorize.searchParams.get('state')!;
  const stateCookie = String(start.headers['set-cookie']).split(';')[0];
  return h.server.inject({ method: 'GET', url: `/console/auth/dingtalk/callback?authCode=${code}&state=${state}`, headers: { cookie: stateCookie } });
}

const sessionCookie = (response: { headers: Record<string, unknown> }) =>
  [response.headers['set-cookie']].flat().map(String).find((c) => c.startsWith('duban_console='))!.split(';')[0];

test('DingTalk web sign-in: authCode → user token → unionId → staff id; a bound leader is recognised', async () => {
  fake.signInCodes.set('auth-1', { unionId: 'union_tong', nick: '童安胜' });
  oapi.staffByUnionId.set('union_tong', 'staff_tong');
  const back = await signInThroughDingTalk('auth-1');
  expect(back.statusCode).toBe(302);
  expect(back.headers.location).toBe('/console/');
  const page = await (await sessionFor(h.server, sessionCookie(back))).get('/console/');
  expect(page.body).toContain('童安胜');
  expect(page.body).not.toContain('（督查室）');
  const row = await h.db.selectFrom('console_sessions').select('actor').executeTakeFirstOrThrow();
  expect(row.actor).toMatchObject({ platform: 'dingtalk', id: 'staff_tong' });
  // The staff id came from the oapi host DINGTALK_OAPI_BASE names, with the app's token.
  expect(oapi.requests.some((r) => r.path === '/topapi/user/getbyunionid')).toBe(true);
});

test('an admin staff id signs in as the office', async () => {
  fake.signInCodes.set('auth-2', { unionId: 'union_office', nick: '王科长' });
  oapi.staffByUnionId.set('union_office', 'staff_office');
  const back = await signInThroughDingTalk('auth-2');
  expect((await (await sessionFor(h.server, sessionCookie(back))).get('/console/review')).statusCode).toBe(200);
});

test('a spent code, someone outside the organisation, or a callback without the matching state starts no session', async () => {
  const sessions = async () => (await h.db.selectFrom('console_sessions').select('token_hash').execute()).length;
  const before = await sessions();
  expect((await signInThroughDingTalk('auth-1')).statusCode).toBe(403);
  fake.signInCodes.set('auth-3', { unionId: 'union_outsider', nick: '外单位' });
  expect((await signInThroughDingTalk('auth-3')).statusCode).toBe(403);
  fake.signInCodes.set('auth-4', { unionId: 'union_tong', nick: '童安胜' });
  const noState = await h.server.inject({ method: 'GET', url: '/console/auth/dingtalk/callback?authCode=auth-4&state=abc' });
  expect(noState.statusCode).toBe(403);
  expect(fake.signInCodes.has('auth-4')).toBe(true);
  expect(await sessions()).toBe(before);
});
