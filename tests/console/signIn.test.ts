import { mintLinkToken } from '../../src/console/signInLinks';
import { ConsoleHarness, openConsole, SECRET } from '../helpers/console';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await openConsole();
});
afterAll(() => h.close());

const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('token')!;
const redeem = (token: string) => h.server.inject({ method: 'POST', url: '/console/login', payload: { token } });

test('a one-time link signs the office in once; the GET only shows a button', async () => {
  const link = h.link();
  const shown = await h.server.inject({ method: 'GET', url: link });
  expect(shown.statusCode).toBe(200);
  expect(shown.headers['set-cookie']).toBeUndefined();
  expect(shown.body).toContain('进入控制台');

  const first = await redeem(tokenOf(link));
  expect(first.statusCode).toBe(302);
  const cookie = String(first.headers['set-cookie']);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  const page = await h.server.inject({ method: 'GET', url: '/console/', headers: { cookie: cookie.split(';')[0] } });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('督查室');

  const again = await redeem(tokenOf(link));
  expect(again.statusCode).toBe(403);
  expect(again.body).toContain('已经使用过');
});

test('a forged, tampered or expired link is refused and starts no session', async () => {
  const before = Number((await h.db.selectFrom('console_sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const forged = mintLinkToken('another-secret', '督查室', h.wallClock.now().getTime());
  expect((await redeem(forged)).statusCode).toBe(403);

  const genuine = mintLinkToken(SECRET, '童安胜', h.wallClock.now().getTime());
  const [payload, mac] = genuine.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const tampered = `${Buffer.from(JSON.stringify({ ...claims, as: '督查室' })).toString('base64url')}.${mac}`;
  expect((await redeem(tampered)).body).toContain('登录链接无效');

  const old = mintLinkToken(SECRET, '督查室', h.wallClock.now().getTime());
  h.wallClock.advance(10 * 60 * 1000 + 1);
  const expired = await redeem(old);
  expect(expired.statusCode).toBe(403);
  expect(expired.body).toContain('已过期');
  expect((await redeem('garbage')).statusCode).toBe(403);
  const after = Number((await h.db.selectFrom('console_sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  expect(after).toBe(before);
});

test('a link for someone not on the roster is refused', async () => {
  const response = await redeem(mintLinkToken(SECRET, '不存在的人', h.wallClock.now().getTime()));
  expect(response.statusCode).toBe(403);
  expect(response.body).toContain('花名册中没有');
});

test('without a session every page sends the browser to sign in, and posts are refused', async () => {
  const page = await h.server.inject({ method: 'GET', url: '/console/' });
  expect(page.statusCode).toBe(302);
  expect(page.headers.location).toBe('/console/login');
  const post = await h.server.inject({ method: 'POST', url: '/console/items/1/done', payload: { note: 'x' } });
  expect(post.statusCode).toBe(401);
  const forgedCookie = await h.server.inject({ method: 'GET', url: '/console/', headers: { cookie: 'duban_console=forged' } });
  expect(forgedCookie.statusCode).toBe(302);
});

test('signing out ends the session in the database', async () => {
  const session = await h.signIn();
  expect((await session.post('/console/logout', {})).statusCode).toBe(302);
  expect((await session.get('/console/')).statusCode).toBe(302);
});

test('on the shared port the console answers only this machine unless CONSOLE_HOST opens it', async () => {
  const outside = await h.server.inject({ method: 'GET', url: h.link(), remoteAddress: '10.1.2.3' });
  expect(outside.statusCode).toBe(404);
  const local = await h.server.inject({ method: 'GET', url: h.link(), remoteAddress: '127.0.0.1' });
  expect(local.statusCode).toBe(200);
  const open = await openConsole({ env: { CONSOLE_HOST: '0.0.0.0' } });
  try {
    expect((await open.server.inject({ method: 'GET', url: open.link(), remoteAddress: '10.1.2.3' })).statusCode).toBe(200);
  } finally {
    await open.close();
  }
});
