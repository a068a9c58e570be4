import { deliverDue } from '../../jobs/deliver';
import { consoleSecret } from '../../src/console/secret';
import { mintLinkToken } from '../../src/console/signInLinks';
import { consoleRoutes } from '../../src/console/startConsole';
import { loadCommitments } from '../../src/register/commitments';
import { createHttpServer } from '../../src/server/httpServer';
import { createLogger } from '../../src/logger';
import type { FeishuRuntime } from '../../src/platforms/feishu/startFeishu';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { cardActionEvent, messageEvent, postEvent } from '../../testkit/feishuEvents';
import { Harness, itemId, openHarness } from '../helpers/harness';
import { feishuAt, generousLimiter, startWebhookAt } from '../../testkit/jobs';

/**
 * The log as an operator reads it: one JSON line per event, every line written
 * while handling it and every delivery it queued carrying the event's id, and
 * nothing about who said what.
 */
const ENCRYPT_KEY = 'test-encrypt-key-0123456789';
const TOKEN = 'v-token-abc';
const ADMIN = 'ou_admin_log';
const TONG = 'ou_tong_log'; // 童安胜 and 俞文胜, leaders of 市委政法委
const YU = 'ou_yu_log';
const NOTE = '请本周内报送排查进展';

let h: Harness;
let fake: FakeFeishu;
let runtime: FeishuRuntime;
const lines: string[] = [];
const log = createLogger('debug', (line) => lines.push(line));
const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  fake = await new FakeFeishu().start();
  h = await openHarness({ env: { ADMIN_OPEN_IDS: ADMIN } });
  runtime = await startWebhookAt(h.app, fake, { encryptKey: ENCRYPT_KEY, verificationToken: TOKEN }, log);
  await h.db.updateTable('leaders').set({ feishu_open_id: TONG }).where('name', '=', '童安胜').execute();
  await h.db.updateTable('leaders').set({ feishu_open_id: YU }).where('name', '=', '俞文胜').execute();
});
afterAll(async () => {
  await runtime.stop();
  await fake.stop();
  await h.close();
});

const deliver = () => deliverDue(h.app, { platforms: { feishu: feishuAt(fake) }, limiter: generousLimiter(), log });

test('a 催办 by message: its event line, the retried reply and the urge deliveries share the event id', async () => {
  const id = await itemId(h.db, '市委政法委', 1);
  h.clock.set('2023-01-04T10:00:00+08:00');
  // The first reply is refused once (429): the SDK call is retried while the event is handled.
  fake.failNext(/^POST \/open-apis\/im\/v1\/messages\/[^/]+\/reply$/, { status: 429, code: 99991400, headers: { 'x-ogw-ratelimit-reset': '0' } });
  await postEvent(runtime.webhookUrl!, messageEvent({ token: TOKEN, senderOpenId: ADMIN, text: `/催办 ${id} ${NOTE}`, messageId: 'om_log_1', eventId: 'evt_log_urge' }), { encryptKey: ENCRYPT_KEY });
  await fake.waitFor(() => fake.repliesTo('om_log_1').length, 5000);
  await fake.waitFor(() => parsed().some((l) => l.message === 'event' && l.requestId === 'evt_log_urge'), 5000);
  const queued = await h.db.selectFrom('outbox').select(['id', 'request_id']).where('kind', '=', 'urge').execute();
  expect(queued.length).toBeGreaterThan(0);
  expect(queued.every((row) => row.request_id === 'evt_log_urge')).toBe(true);

  await deliver();

  const ours = parsed().filter((l) => l.requestId === 'evt_log_urge');
  expect(ours.filter((l) => l.message === 'event')).toEqual([
    { time: expect.any(String), level: 'info', message: 'event', requestId: 'evt_log_urge', platform: 'feishu', kind: 'message', ms: expect.any(Number) },
  ]);
  expect(ours.filter((l) => l.message === 'platform call retried')).toHaveLength(1);
  const deliveries = ours.filter((l) => l.message === 'delivery');
  expect(deliveries.map((l) => l.outboxId).sort()).toEqual(queued.map((row) => row.id).sort());
  for (const line of deliveries) expect(line).toMatchObject({ kind: 'urge', platform: 'feishu', result: 'sent', attempt: 1 });
});

test('a card click: one event line under the callback event id, and the deliveries it queued carry it', async () => {
  const id = await itemId(h.db, '市委政法委', 2);
  const event = cardActionEvent({ token: TOKEN, operatorOpenId: ADMIN, value: { action: 'urge', id }, messageId: 'om_log_card' });
  await postEvent(runtime.webhookUrl!, event, { encryptKey: ENCRYPT_KEY });
  const eventId = event.header.event_id;
  const queued = await h.db.selectFrom('outbox').select(['id', 'request_id']).where('dedupe_key', 'like', `urge:${id}:%`).execute();
  expect(queued.length).toBeGreaterThan(0);
  expect(queued.every((row) => row.request_id === eventId)).toBe(true);
  await deliver();
  const ours = parsed().filter((l) => l.requestId === eventId);
  expect(ours.filter((l) => l.message === 'event')).toEqual([expect.objectContaining({ kind: 'card_action', platform: 'feishu' })]);
  expect(ours.filter((l) => l.message === 'delivery').map((l) => l.outboxId).sort()).toEqual(queued.map((row) => row.id).sort());
});

test('a console request has an id of its own, and the urge it queues keeps it', async () => {
  const server = createHttpServer(h.app.config.http, log);
  server.plugin(consoleRoutes(h.app));
  await server.fastify.ready();
  try {
    const token = mintLinkToken(consoleSecret(undefined, h.app.config.dataDir), '督查室', Date.now());
    const signIn = await server.fastify.inject({ method: 'POST', url: '/console/login', payload: { token } });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await server.fastify.inject({ method: 'GET', url: '/console/departments', headers: { cookie } })).body)![1];
    const bound = new Set(['童安胜', '俞文胜']);
    const urged = new Set((await h.db.selectFrom('outbox').select('dedupe_key').where('kind', '=', 'urge').execute()).map((r) => Number(r.dedupe_key.split(':')[1])));
    const item = (await loadCommitments(h.db, { departmentNamed: '市委政法委' }))
      .find((i) => i.status !== '已办结' && i.leaders.some((l) => bound.has(l.name)) && !urged.has(i.id))!;
    const answer = await server.fastify.inject({ method: 'POST', url: `/console/items/${item.id}/urge`, headers: { cookie }, payload: { _csrf: csrf, note: '' } });
    expect(answer.statusCode).toBe(303);
    const queued = await h.db.selectFrom('outbox').select('request_id').where('dedupe_key', 'like', `urge:${item.id}:%`).execute();
    expect(queued.length).toBeGreaterThan(0);
    expect(new Set(queued.map((r) => r.request_id)).size).toBe(1);
    expect(queued[0].request_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  } finally {
    await server.close();
  }
});

test('a refused request is logged with the network it came from, never the address', async () => {
  const forged = await postEvent(runtime.webhookUrl!, messageEvent({ token: TOKEN, senderOpenId: ADMIN, text: '/status', messageId: 'om_log_forged' }), { encryptKey: ENCRYPT_KEY, forgeSignature: true });
  expect(forged.status).toBe(401);
  const refused = parsed().find((l) => l.message === 'webhook refused')!;
  expect(refused).toMatchObject({ reason: 'signature mismatch', network: '127.0.0.0/24' });
  expect(JSON.stringify(refused)).not.toContain('127.0.0.1');
});

test('every line is one JSON object and names nobody: no account ids, names or what was written', async () => {
  expect(lines.length).toBeGreaterThan(4);
  const leaders = (await h.db.selectFrom('leaders').select('name').execute()).map((l) => l.name);
  for (const line of lines) {
    expect(line).not.toContain('\n');
    for (const secret of [ADMIN, TONG, YU, NOTE, ...leaders]) expect(line).not.toContain(secret);
  }
});
