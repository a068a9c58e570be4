import * as lark from '@larksuiteoapi/node-sdk';
import type { Db } from '../db/connection';
import { RateLimiter } from '../jobs/rateLimiter';
import { Logger, silentLogger } from '../src/logger';
import { createFeishuClient } from '../src/platforms/feishu/client';
import { FeishuPlatform } from '../src/platforms/feishu/feishuPlatform';
import { FeishuRuntime, startFeishu } from '../src/platforms/feishu/startFeishu';
import type { App } from '../src/app';
import type { FakeFeishu } from './fakeFeishu';

/** Binds every leader of the register to a Feishu account named after them. */
export async function bindAllLeaders(db: Db): Promise<Map<string, string>> {
  const leaders = await db.selectFrom('leaders').select(['id', 'name']).execute();
  const accounts = new Map<string, string>();
  for (const leader of leaders) {
    const openId = `ou_leader_${leader.id}`;
    await db.updateTable('leaders').set({ feishu_open_id: openId }).where('id', '=', leader.id).execute();
    accounts.set(leader.name, openId);
  }
  return accounts;
}

/** The real SDK platform pointed at the fake server, with no waiting between its own retries. */
export function feishuAt(fake: FakeFeishu, timeoutMs?: number): FeishuPlatform {
  const client = createFeishuClient({ appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: fake.url, eventMode: 'ws' }, new lark.DefaultCache(), silentLogger, timeoutMs);
  return new FeishuPlatform(client, silentLogger, async () => undefined);
}

export const generousLimiter = () => new RateLimiter(1000, 1000);

/** Messages the fake received per recipient. */
export function postedTo(fake: FakeFeishu, openId: string) {
  return fake.posted.filter((p) => p.target === `open_id:${openId}`);
}

/**
 * Runs `deliverOnce` until the outbox has nothing pending or being sent
 * (retries are scheduled a little later, so it pauses between rounds).
 */
export async function drainOutbox(db: Db, deliverOnce: () => Promise<unknown>, options: { pauseMs?: number; timeoutMs?: number } = {}): Promise<void> {
  const until = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    await deliverOnce();
    const left = await db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute();
    if (!left.length) return;
    if (Date.now() > until) throw new Error(`${left.length} messages still pending`);
    await new Promise((r) => setTimeout(r, options.pauseMs ?? 100));
  }
}

/** The webhook receiver (real SDK, encrypted and signed events) in front of `app`, talking to the fake server. */
export function startWebhookAt(app: App, fake: FakeFeishu, keys: { encryptKey: string; verificationToken?: string }, log: Logger = silentLogger): Promise<FeishuRuntime> {
  return startFeishu(
    app,
    { appId: 'cli_a1b2c3d4e5f60718', appSecret: 'secret', domain: fake.url, eventMode: 'webhook', ...keys },
    log,
    { cache: new lark.DefaultCache(), port: 0 },
  );
}
