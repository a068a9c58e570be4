import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../db/connection';
import type { App } from '../../src/app';
import { Bot } from '../../src/bot/bot';
import type { Chat, Mention } from '../../src/bot/types';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import type { Actor } from '../../src/domain/actor';
import { silentLogger } from '../../src/logger';
import type { ChatPlatform } from '../../src/platforms/platform';
import { ShellPlatform } from '../../src/platforms/shell/shellPlatform';
import type { Card } from '../../src/rendering/card';
import { toText } from '../../src/rendering/textCard';
import { seedIfEmpty } from '../../src/register/seedRegister';
import { openTestDb } from '../../testkit/db';

export const NOV_20 = '2022-11-20T09:00:00+08:00';

export interface Harness {
  app: App;
  db: Db;
  clock: ManualClock;
  bot: Bot;
  close(): Promise<void>;
  /** Runs a line as `who` in a chat and returns the reply as text. */
  say(who: Actor, text: string, options?: { chat?: Chat; mentions?: Mention[] }): Promise<{ card: Card; text: string }>;
  /** A row count per table that a refused command must leave unchanged. */
  snapshot(): Promise<Record<string, unknown>>;
}

export const shellUser = (name: string): Actor => ({ platform: 'shell', id: name, name });
export const feishuUser = (openId: string, name: string | null = null): Actor => ({ platform: 'feishu', id: openId, name });
export const OFFICE = shellUser('督查室');
export const P2P: Chat = { platform: 'shell', id: 'shell', type: 'p2p' };

/** The seed register on a fresh database, a bot over it, and a clock set in November 2022. */
export async function openHarness(options: { env?: Record<string, string>; platform?: ChatPlatform } = {}): Promise<Harness> {
  const { db, close } = await openTestDb();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, ...options.env });
  const clock = new ManualClock(NOV_20);
  const app: App = { config, db, clock };
  await seedIfEmpty(db, clock);
  const bot = new Bot(app, options.platform ?? new ShellPlatform(() => undefined), silentLogger);
  return {
    app, db, clock, bot, close,
    async say(who, text, opts = {}) {
      const card = await bot.runText(who, opts.chat ?? { ...P2P, platform: who.platform }, text, opts.mentions ?? []);
      return { card, text: toText(card) };
    },
    async snapshot() {
      const counts: Record<string, unknown> = {};
      for (const table of ['activity_log', 'evidence', 'progress_reports', 'bind_requests', 'liaisons', 'group_subscriptions', 'evidence_requests'] as const) {
        counts[table] = Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      }
      counts.commitments = await db.selectFrom('commitments').select(['id', 'status', 'progress_percent', 'updated_at']).orderBy('id').execute();
      counts.leaders = await db.selectFrom('leaders').selectAll().orderBy('id').execute();
      return counts;
    },
  };
}

/** The id of the seed item `seq` of a department, as users see it (#id). */
export async function itemId(db: Db, heading: string, seq: number): Promise<number> {
  const row = await db.selectFrom('commitments').select('id').where('department_heading', '=', heading).where('seq', '=', seq).orderBy('id').limit(1).executeTakeFirstOrThrow();
  return row.id;
}
