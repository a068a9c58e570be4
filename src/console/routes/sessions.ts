import type { FastifyInstance } from 'fastify';
import { activeSessions, revokeSession } from '../../register/consoleSessions';
import type { ConsoleContext } from '../context';
import { field } from '../forms';
import { html } from '../html';
import { csrfField, page } from '../layout';
import { sendPage, viewerOf } from '../plugin';
import { notFound } from '../refusal';
import { time } from '../views';
import { requireOffice } from './review';

const PLATFORM_LABEL: Record<string, string> = { feishu: '飞书', dingtalk: '钉钉', console: '登录链接' };

/** 登录会话 (office): who is signed in to the console, and ending a session at once (a lost phone, a colleague gone). */
export function sessionRoutes(server: FastifyInstance, ctx: ConsoleContext): void {
  server.get<{ Querystring: { ok?: string } }>('/console/sessions', async (request, reply) => {
    const viewer = viewerOf(request);
    requireOffice(viewer);
    const sessions = await activeSessions(ctx.app.db, ctx.wallClock.now());
    const body = html`<section><div class="table-wrap"><table id="sessions">
<thead><tr><th>登录人</th><th>方式</th><th>登录时间</th><th>到期时间</th><th></th></tr></thead><tbody>
${sessions.map((s) => html`<tr><td>${s.actor.name ?? s.actor.id}${s.tokenHash === viewer.sessionHash ? html` <small class="muted">（当前会话）</small>` : ''}</td>
<td>${PLATFORM_LABEL[s.actor.platform] ?? s.actor.platform}</td><td>${time(s.createdAt)}</td><td>${time(s.expiresAt)}</td>
<td><form method="post" action="/console/sessions/revoke" class="inline">${csrfField(viewer)}<input type="hidden" name="session" value="${s.tokenHash}"><button type="submit">注销</button></form></td></tr>`)}
</tbody></table></div><p class="muted">注销后，对方需重新登录；登录链接每个只能用一次，10分钟内有效。</p></section>`;
    return sendPage(reply, page({ title: '登录会话', viewer, body, flash: request.query.ok ? { tone: 'ok', text: '已注销该会话。' } : undefined }));
  });

  server.post('/console/sessions/revoke', async (request, reply) => {
    const viewer = viewerOf(request);
    requireOffice(viewer);
    if (!(await revokeSession(ctx.app.db, field(request, 'session')))) throw notFound('没有这个会话（可能已经注销或过期）。');
    return reply.redirect('/console/sessions?ok=1', 303);
  });
}
