import { Db, openDatabase } from '../db/connection';
import { Clock, clockStartingAt, systemClock } from './clock';
import type { Config } from './config';
import { setConsolePublicUrl } from './rendering/consoleLink';

/** What every entry point (bot, shell, CLI) shares: configuration, database, clock. */
export interface App {
  config: Config;
  db: Db;
  clock: Clock;
}

export async function openApp(config: Config): Promise<App> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const clock = config.botNow ? clockStartingAt(config.botNow) : systemClock;
  setConsolePublicUrl(config.console.publicUrl);
  return { config, db, clock };
}
