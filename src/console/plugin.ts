import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import { findSession } from '../register/consoleSessions';
import type { ConsoleContext } from './context';
import { field } from './forms';
import { html } from './html';
import { page } from './layout';
import { ConsoleRefusal } from './refusal';
import { Viewer, viewerFor } from './viewer';
import { signInRoutes, SESSION_COOKIE } from './routes/signIn';
import { overviewRoutes } from './routes/overview';
import { listRoutes } from './routes/lists';
import { itemRoutes } from './routes/item';
import { reviewRoutes } from './routes/review';
import { importRoutes } from './routes/importPage';
import { rosterRoutes } from './routes/roster';
import { sessionRoutes } from './routes/sessions';
import { queueRoutes } from './routes/queue';

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null;
  }
}

/** Pages anyone may open: signing in, and the static assets. */
const PUBLIC = /^\/console\/(login|auth\/|assets\/|vendor\/)/;

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * The console shares PORT with the platform callbacks, which must be reachable
 * from outside; unless CONSOLE_HOST names a non-loopback address, the console
 * answers only requests that come from this machine (or a proxy on it).
 */
function reachableFrom(host: string, remote: string | undefined): boolean {
  return !LOOPBACK.test(host) && host !== 'localhost' ? true : LOOPBACK.test(remote ?? '');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The office console as a fastify plugin: register it on the server that
 * carries the webhooks. Everything lives under /console.
 */
export async function consolePlugin(server: FastifyInstance, ctx: ConsoleContext): Promise<void> {
  await server.register(fastifyCookie);
  await server.register(fastifyFormbody, { bodyLimit: 2 * 1024 * 1024 });
  await server.register(fastifyMultipart, {
    attachFieldsToBody: true,
    limits: { fileSize: ctx.app.config.evidenceMaxBytes, files: 1, fields: 20 },
  });
  await server.register(fastifyStatic, { root: path.join(__dirname, 'assets'), prefix: '/console/assets/' });
  await server.register(fastifyStatic, {
    root: path.dirname(require.resolve('chart.js')),
    prefix: '/console/vendor/',
    allowedPath: (pathName) => pathName === '/chart.umd.min.js',
    decorateReply: false,
  });
  server.decorateRequest('viewer', null);

  server.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/console')) return;
    if (!reachableFrom(ctx.app.config.console.host, request.socket.remoteAddress)) return reply.code(404).send();
    reply.headers(SECURITY_HEADERS);
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await findSession(ctx.app.db, token, ctx.wallClock.now()) : undefined;
    if (session) request.viewer = await viewerFor(ctx.app, session);
    if (request.viewer || PUBLIC.test(request.url)) return;
    if (request.method === 'GET') return reply.redirect('/console/login');
    return reply.code(401).type('text/html; charset=utf-8').send(page({ title: '请先登录', body: html`<p>登录已失效，请重新登录。</p>` }));
  });

  // Every form carries the session's synchronizer token; a POST without it changes nothing.
  server.addHook('preHandler', async (request) => {
    if (request.method !== 'POST' || !request.url.startsWith('/console') || !request.viewer) return;
    if (!sameToken(field(request, '_csrf'), request.viewer.csrfToken)) {
      throw new ConsoleRefusal(403, '表单已失效（缺少或错误的安全令牌），请刷新页面后重试。');
    }
  });

  server.setErrorHandler(async (error: Error & { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) => {
    const status = error instanceof ConsoleRefusal ? error.status : error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    const message = error instanceof ConsoleRefusal ? error.message
      : status === 413 ? '上传的文件太大。'
      : status < 500 ? '请求无效。' : '服务器出错，请稍后再试。';
    if (status >= 500) request.log.error({ err: error }, 'console error');
    return reply.code(status).type('text/html; charset=utf-8')
      .send(page({ title: status === 403 ? '无权操作' : '无法办理', viewer: request.viewer ?? undefined, body: html`<p class="refusal">${message}</p><p><a href="/console/">返回总览</a></p>` }));
  });

  signInRoutes(server, ctx);
  overviewRoutes(server, ctx);
  listRoutes(server, ctx);
  itemRoutes(server, ctx);
  reviewRoutes(server, ctx);
  importRoutes(server, ctx);
  rosterRoutes(server, ctx);
  sessionRoutes(server, ctx);
  queueRoutes(server, ctx);
}

/** The viewer of a signed-in route (the onRequest hook guarantees one). */
export function viewerOf(request: FastifyRequest): Viewer {
  if (!request.viewer) throw new ConsoleRefusal(401, '请先登录。');
  return request.viewer;
}

export function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}
