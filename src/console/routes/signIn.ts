import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { SHELL_ADMIN } from '../../domain/permissions';
import type { ConsoleActorJson } from '../../../db/schema';
import { createSession, endSession, spendLinkNonce } from '../../register/consoleSessions';
import { findLeadersByName } from '../../register/leaders';
import type { ConsoleContext } from '../context';
import { field } from '../forms';
import { html } from '../html';
import { page } from '../layout';
import { sendPage } from '../plugin';
import { checkLinkToken } from '../signInLinks';
import { feishuAuthorizeUrl, feishuIdentity } from '../../platforms/feishu/webSignIn';
import { dingtalkAuthorizeUrl, dingtalkIdentity } from '../../platforms/dingtalk/webSignIn';

export const SESSION_COOKIE = 'duban_console';
const STATE_COOKIE = 'duban_oauth_state';

function secureCookies(ctx: ConsoleContext): boolean {
  return ctx.baseUrl.startsWith('https://');
}

async function startSession(ctx: ConsoleContext, reply: FastifyReply, actor: ConsoleActorJson): Promise<FastifyReply> {
  const { token } = await createSession(ctx.app.db, actor, ctx.wallClock.now());
  reply.setCookie(SESSION_COOKIE, token, { path: '/console', httpOnly: true, sameSite: 'lax', secure: secureCookies(ctx) });
  return reply.redirect('/console/');
}

function refused(reply: FastifyReply, message: string): FastifyReply {
  return sendPage(reply, page({ title: '无法登录', body: html`<p class="refusal">${message}</p><p>请向督查室索取新的登录链接。</p>` }), 403);
}

export function signInRoutes(server: FastifyInstance, ctx: ConsoleContext): void {
  const { feishu, dingtalk } = ctx.app.config;

  // A GET only shows a button: link previews in chat apps must not spend the link.
  server.get<{ Querystring: { token?: string } }>('/console/login', async (request, reply) => {
    const token = request.query.token ?? '';
    const platformButtons = html`${feishu ? html`<p><a class="button" href="/console/auth/feishu">用飞书登录</a></p>` : ''}
      ${dingtalk ? html`<p><a class="button" href="/console/auth/dingtalk">用钉钉登录</a></p>` : ''}`;
    const body = token
      ? html`<form method="post" action="/console/login"><input type="hidden" name="token" value="${token}">
          <button type="submit" class="primary">进入控制台</button></form>`
      : html`<p>请使用督查室提供的一次性登录链接（<code>npm run cli -- console link</code>），或用工作账号登录。</p>${platformButtons}`;
    return sendPage(reply, page({ title: '登录', body }));
  });

  server.post('/console/login', async (request, reply) => {
    const now = ctx.wallClock.now();
    const check = checkLinkToken(ctx.secret, field(request, 'token'), now.getTime());
    if (!check.ok) return refused(reply, check.reason);
    const name = check.claims.as;
    if (name !== SHELL_ADMIN && !(await findLeadersByName(ctx.app.db, name)).length) return refused(reply, `花名册中没有“${name}”。`);
    if (!(await spendLinkNonce(ctx.app.db, check.claims.nonce, now))) return refused(reply, '该登录链接已经使用过（每个链接只能用一次）。');
    return startSession(ctx, reply, { platform: 'console', id: name, name });
  });

  server.post('/console/logout', async (request, reply) => {
    if (request.viewer) await endSession(ctx.app.db, request.viewer.sessionHash, ctx.wallClock.now());
    reply.clearCookie(SESSION_COOKIE, { path: '/console' });
    return reply.redirect('/console/login');
  });

  const beginOAuth = (reply: FastifyReply, url: (state: string) => string) => {
    const state = randomBytes(16).toString('base64url');
    reply.setCookie(STATE_COOKIE, state, { path: '/console/auth', httpOnly: true, sameSite: 'lax', secure: secureCookies(ctx), maxAge: 600 });
    return reply.redirect(url(state));
  };
  const stateMatches = (cookie: string | undefined, state: string | undefined) => !!cookie && !!state && cookie === state;

  server.get('/console/auth/feishu', async (_request, reply) => {
    if (!feishu || !ctx.feishu) return refused(reply, '未配置飞书凭证。');
    return beginOAuth(reply, (state) => feishuAuthorizeUrl(feishu, `${ctx.baseUrl}/console/auth/feishu/callback`, state));
  });

  server.get<{ Querystring: { code?: string; state?: string } }>('/console/auth/feishu/callback', async (request, reply) => {
    if (!ctx.feishu) return refused(reply, '未配置飞书凭证。');
    if (!stateMatches(request.cookies[STATE_COOKIE], request.query.state) || !request.query.code) return refused(reply, '飞书登录校验失败，请重试。');
    reply.clearCookie(STATE_COOKIE, { path: '/console/auth' });
    const who = await feishuIdentity(ctx.feishu, request.query.code);
    if (!who) return refused(reply, '飞书未确认您的身份，请重试。');
    return startSession(ctx, reply, { platform: 'feishu', id: who.openId, name: who.name });
  });

  server.get('/console/auth/dingtalk', async (_request, reply) => {
    if (!dingtalk) return refused(reply, '未配置钉钉凭证。');
    return beginOAuth(reply, (state) => dingtalkAuthorizeUrl(dingtalk, `${ctx.baseUrl}/console/auth/dingtalk/callback`, state));
  });

  server.get<{ Querystring: { authCode?: string; code?: string; state?: string } }>('/console/auth/dingtalk/callback', async (request, reply) => {
    if (!dingtalk) return refused(reply, '未配置钉钉凭证。');
    const code = request.query.authCode ?? request.query.code;
    if (!stateMatches(request.cookies[STATE_COOKIE], request.query.state) || !code) return refused(reply, '钉钉登录校验失败，请重试。');
    reply.clearCookie(STATE_COOKIE, { path: '/console/auth' });
    const who = await dingtalkIdentity(dingtalk, code);
    if (!who) return refused(reply, '钉钉未确认您的身份（需为本组织成员），请重试。');
    return startSession(ctx, reply, { platform: 'dingtalk', id: who.userId, name: who.name });
  });
}
