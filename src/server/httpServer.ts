import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import Fastify, { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { HttpSettings } from '../config';
import type { Logger } from '../logger';
import { eventsTotal } from '../metrics';
import { withRequestId } from '../requestContext';
import { capConnectionsPerAddress } from './connectionCap';
import { clientNetwork } from './clientNetwork';
import { fastifyLogger } from './fastifyLogger';

/** A platform callback as its handler sees it: the body is the exact bytes received, as text. */
export interface CallbackRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Where it came from, for logs: a network, never the address (see clientNetwork). */
  network: string;
}

export interface CallbackAnswer {
  status: number;
  body: unknown;
}

export type CallbackHandler = (request: CallbackRequest) => Promise<CallbackAnswer>;

/**
 * The one HTTP server on PORT: platform callbacks (Feishu, DingTalk), health,
 * metrics, and whatever else registers through `plugins`.
 */
export interface HttpServer {
  readonly fastify: FastifyInstance;
  /** A platform callback at exactly `path`, any method, with its raw body. */
  callback(path: string, handler: CallbackHandler, platform?: string): void;
  /** Routes of another part of duban (health, metrics, the console), registered before `listen`. */
  plugin(plugin: FastifyPluginAsync): void;
  listen(port: number, host?: string): Promise<string>;
  /** From now on callbacks answer 503, so the platforms deliver them again elsewhere or later. */
  drain(): void;
  readonly draining: boolean;
  close(): Promise<void>;
}

export function createHttpServer(settings: HttpSettings, log: Logger): HttpServer {
  const fastify = Fastify({
    bodyLimit: settings.bodyLimitBytes,
    requestTimeout: settings.requestTimeoutMs,
    // Longer than the idle timeout of the proxies and clients in front of us, so
    // that they, not we, close idle connections: no request races a close.
    keepAliveTimeout: 65_000,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    http: {
      headersTimeout: settings.headersTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      // How often Node looks for requests past those timeouts (default 30 s).
      connectionsCheckingInterval: Math.min(settings.headersTimeoutMs, 1_000),
    },
    loggerInstance: fastifyLogger(log),
    genReqId: () => randomUUID(),
  });
  // Everything a route does runs under the request's id (an event's handling nests its own id inside).
  fastify.addHook('preHandler', (request, _reply, done) => withRequestId(request.id, done));
  fastify.server.maxConnections = settings.maxConnections;
  capConnectionsPerAddress(fastify.server, settings.maxConnectionsPerAddress);
  fastify.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) log.error('http request failed', { url: request.url, error: error.message });
    else log.warn('http request refused', { url: request.url, status, code: error.code, network: clientNetwork(request.ip) });
    void reply.code(status).header('content-type', 'application/json').send('{}');
  });

  let draining = false;
  const server: HttpServer = {
    fastify,
    get draining() {
      return draining;
    },
    callback(path, handler, platform = path) {
      void fastify.register(async (scope) => {
        // The exact bytes, whatever the content type: signatures are over them.
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
        scope.all(path, async (request, reply) => {
          if (draining) return reply.code(503).header('content-type', 'application/json').send('{}');
          const answer = await handler({ method: request.method, headers: request.headers, body: typeof request.body === 'string' ? request.body : '', network: clientNetwork(request.ip) });
          if (answer.status >= 400 && answer.status < 500) eventsTotal.inc({ platform, outcome: 'refused' });
          return reply.code(answer.status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(answer.body));
        });
      });
    },
    plugin(plugin) {
      void fastify.register(plugin);
    },
    async listen(port, host = '0.0.0.0') {
      await fastify.listen({ port, host });
      const address = fastify.server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      return `http://127.0.0.1:${actual}`;
    },
    drain() {
      draining = true;
    },
    async close() {
      draining = true;
      await fastify.close();
    },
  };
  return server;
}

export interface MountedCallback {
  /** Where it is served, once known (a shared server reports its own address when it listens). */
  url?: string;
  close(): Promise<void>;
}

/**
 * Registers a platform callback on the shared server when there is one, or
 * (tests, the bench) on a server of its own listening on `port`.
 */
export async function mountCallback(
  target: { server?: HttpServer; port: number; settings: HttpSettings; platform: string },
  path: string,
  handler: CallbackHandler,
  log: Logger,
): Promise<MountedCallback> {
  if (target.server) {
    target.server.callback(path, handler, target.platform);
    return { close: async () => undefined };
  }
  const own = createHttpServer(target.settings, log);
  own.callback(path, handler, target.platform);
  const base = await own.listen(target.port, '127.0.0.1');
  return { url: `${base}${path}`, close: () => own.close() };
}
