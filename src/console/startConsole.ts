import type * as lark from '@larksuiteoapi/node-sdk';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app';
import { systemClock } from '../clock';
import { consolePlugin } from './plugin';
import { consoleSecret } from './secret';
import { consoleBaseUrl } from './signInLink';

/** The console's routes, ready to register on the HTTP server. */
export function consoleRoutes(app: App, feishu?: lark.Client) {
  const ctx = {
    app, feishu, wallClock: systemClock,
    secret: consoleSecret(app.config.console.secret, app.config.dataDir),
    baseUrl: consoleBaseUrl(app.config),
  };
  return (server: FastifyInstance) => consolePlugin(server, ctx);
}
