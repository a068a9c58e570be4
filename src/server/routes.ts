import { sql } from 'kysely';
import { pendingMigrations } from '../../db/connection';
import type { App } from '../app';
import type { HttpServer } from './httpServer';
import { healthRoutes } from './health';
import { metricsRoutes } from './metricsRoutes';

export interface RouteContext {
  app: App;
  /** Whether every chat platform's connection (long connection, stream) is up. */
  platformsConnected(): boolean;
}

/**
 * Every route on the server besides the platform callbacks, in one place:
 * add a plugin here to serve something new on PORT.
 */
export function registerRoutes(server: HttpServer, context: RouteContext): void {
  server.plugin(healthRoutes({
    database: async () => (await sql`select 1 as ok`.execute(context.app.db)).rows.length === 1,
    migrationsApplied: async () => (await pendingMigrations(context.app.db)).length === 0,
    platformsConnected: context.platformsConnected,
  }, () => server.draining));
  if (context.app.config.metricsAllowed) server.plugin(metricsRoutes(context.app, context.app.config.metricsAllowed));
}
