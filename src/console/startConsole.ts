import type { FastifyInstance } from 'fastify';
import type { App } from '../app';
import { systemClock } from '../clock';
import { createFeishuClient } from '../platforms/feishu/client';
import { consolePlugin } from './plugin';
import { consoleSecret } from './secret';
import { consoleBaseUrl } from './signInLink';

/** The console's routes, ready to register on the HTTP server; Feishu web sign-in gets its own SDK client. */
export function consoleRoutes(app: App) {
  const ctx = {
    app,
    feishu: app.config.feishu ? createFeishuClient(app.config.feishu) : undefined,
    wallClock: systemClock,
    secret: consoleSecret(app.config.console.secret, app.config.dataDir),
    baseUrl: consoleBaseUrl(app.config),
  };
  return (server: FastifyInstance) => consolePlugin(server, ctx);
}
