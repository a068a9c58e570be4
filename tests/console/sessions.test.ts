import { ConsoleHarness, openConsole, Session } from '../helpers/console';

/** 登录会话: the office sees who is signed in and can end any session at once; nobody else can. */
let h: ConsoleHarness;
beforeAll(async () => {
  h = await openConsole();
});
afterAll(() => h.close());

const me = async (session: Session) => (await session.get('/console/leaders')).statusCode;

test('the office lists the signed-in sessions and revokes a leader\'s: the leader is signed out at once', async () => {
  const office = await h.signIn();
  const leader = await h.signIn('童安胜');
  expect(await me(leader)).toBe(200);

  const list = await office.get('/console/sessions');
  expect(list.statusCode).toBe(200);
  expect(list.body).toMatch(/童安胜<\/td>/);
  expect(list.body).toMatch(/督查室 <small class="muted">（当前会话）<\/small>/);
  const rows = [...list.body.matchAll(/<tr><td>([^<]+)(?:<| <small)[\s\S]*?name="session" value="([0-9a-f]{64})"/g)].map((m) => ({ name: m[1], hash: m[2] }));
  const leaderRow = rows.find((r) => r.name === '童安胜')!;
  expect(leaderRow).toBeDefined();

  // Without the form's token nothing happens.
  expect((await office.post('/console/sessions/revoke', { session: leaderRow.hash }, { csrf: null })).statusCode).toBe(403);
  expect(await me(leader)).toBe(200);

  const revoked = await office.post('/console/sessions/revoke', { session: leaderRow.hash });
  expect(revoked.statusCode).toBe(303);
  expect(revoked.headers.location).toBe('/console/sessions?ok=1');
  const after = await leader.get('/console/leaders');
  expect(after.statusCode).toBe(302);
  expect(after.headers.location).toBe('/console/login');
  expect((await office.get('/console/sessions')).body).not.toMatch(/童安胜<\/td>/);
  expect(await me(office)).toBe(200);

  // A session already gone is a clear 404, not an error.
  expect((await office.post('/console/sessions/revoke', { session: leaderRow.hash })).statusCode).toBe(404);
});

test('a leader can neither list nor revoke sessions', async () => {
  const office = await h.signIn();
  const leader = await h.signIn('童安胜');
  expect((await leader.get('/console/sessions')).statusCode).toBe(403);
  const officeHash = [...(await office.get('/console/sessions')).body.matchAll(/name="session" value="([0-9a-f]{64})"/g)].map((m) => m[1]);
  for (const hash of officeHash) expect((await leader.post('/console/sessions/revoke', { session: hash })).statusCode).toBe(403);
  expect(await me(office)).toBe(200);
});
