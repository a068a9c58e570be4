import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../db/connection';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { messageEvent, postEvent } from '../../testkit/feishuEvents';
import { Child, runScript } from '../helpers/child';

const KEY = 'shutdown-encrypt-key-0123456789';
const TOKEN = 'v-token-shutdown';

const run = runScript;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function ready(base: string, bot: Child): Promise<void> {
  for (;;) {
    const status = await fetch(`${base}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (bot.child.exitCode !== null) throw new Error(`bot exited: ${bot.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('SIGTERM in the middle of a delivery run and of a burst of events: nothing lost, nothing sent twice, exit 0', async () => {
  const fake = await new FakeFeishu().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-shutdown-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), BOT_NOW: '2022-12-28T09:00:00+08:00',
    FEISHU_APP_ID: 'cli_shutdown00000000', FEISHU_APP_SECRET: 'secret', FEISHU_DOMAIN: fake.url, FEISHU_EVENT_MODE: 'webhook',
    FEISHU_ENCRYPT_KEY: KEY, FEISHU_VERIFICATION_TOKEN: TOKEN, ADMIN_OPEN_IDS: 'ou_admin', DELIVER_EVERY_SECONDS: '1',
    // Shorter than a batch takes (20 sends × 400 ms): the rest of the batch is handed back.
    SHUTDOWN_GRACE_SECONDS: '4', LOG_LEVEL: 'info',
  };
  fake.delay(/^POST \/open-apis\/im\/v1\/messages$/, 400);
  try {
    const plan = run('tests/fixtures/deliveryWorker.ts', { ...env, FAKE_URL: fake.url, PLAN: '1', DRAIN: '0' });
    expect(await plan.exited).toBe(0);
    const planned = Number(/planned (\d+)/.exec(plan.output())![1]);
    expect(planned).toBeGreaterThan(20);

    const first = run('src/main.ts', env);
    await ready(base, first);
    await fake.waitFor(() => fake.posted.length >= 2, 30_000);

    const events = Array.from({ length: 30 }, (_, i) => messageEvent({ token: TOKEN, senderOpenId: `ou_burst_${i}`, text: '/status 市发改局', messageId: `om_burst_${i}` }));
    const answers = events.map((event) => postEvent(`${base}/webhook/event`, event, { encryptKey: KEY }).then((r) => r.status, () => 0));
    await Promise.race(answers);
    first.child.kill('SIGTERM');
    const statuses = await Promise.all(answers);
    expect(await first.exited).toBe(0);
    const log = first.output();
    expect(log).toMatch(/"message":"stopped","finished":true/);
    expect(log).toMatch(/"message":"delivery stopped; leases released","released":[1-9]/);
    // Acknowledged means handled: each has its reply already.
    for (const [i, event] of events.entries()) {
      if (statuses[i] === 200) expect(fake.repliesTo(event.event.message.message_id)).toHaveLength(1);
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);

    // Feishu delivers again whatever was not acknowledged; here every event is delivered again.
    const second = run('src/main.ts', env);
    await ready(base, second);
    // The console is served beside the webhooks when platform credentials are set.
    expect((await fetch(`${base}/console/login?token=forged`)).status).not.toBe(404);
    for (const event of events) expect((await postEvent(`${base}/webhook/event`, event, { encryptKey: KEY })).status).toBe(200);
    await fake.waitFor(() => fake.posted.filter((p) => p.uuid?.startsWith('ob-')).length >= planned, 60_000);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    for (const event of events) {
      const id = event.event.message.message_id;
      expect(fake.requests.filter((r) => r.path === `/open-apis/im/v1/messages/${id}/reply`)).toHaveLength(1);
    }
    const uuids = fake.requests.filter((r) => r.path === '/open-apis/im/v1/messages').map((r) => r.body.uuid);
    expect(new Set(uuids).size).toBe(uuids.length);
    const db = await openDatabase({ dataDir });
    const rows = await db.selectFrom('outbox').select(['id', 'status']).execute();
    const unfinished = await db.selectFrom('inbound_events').select('event_id').where('status', '=', 'received').execute();
    await db.destroy();
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    expect(new Set(uuids)).toEqual(new Set(rows.map((r) => `ob-${r.id}`)));
    expect(unfinished).toEqual([]);
  } finally {
    await fake.stop();
  }
}, 480_000);
