import type { FastifyInstance } from 'fastify';
import { shanghaiDay } from '../../clock';
import { reviewQueue } from '../../register/reviewQueue';
import type { ConsoleContext } from '../context';
import { html } from '../html';
import { csrfField, page } from '../layout';
import { sendPage, viewerOf } from '../plugin';
import { clipText, leadersCell, time } from '../views';
import { requireOffice } from './review';

/** 审核: what waits for the office, as /review lists it: reported completions, extension requests, 交办 not acknowledged. */
export function queueRoutes(server: FastifyInstance, ctx: ConsoleContext): void {
  server.get('/console/queue', async (request, reply) => {
    const viewer = viewerOf(request);
    requireOffice(viewer);
    const today = shanghaiDay(ctx.app.clock.now());
    const queue = await reviewQueue(ctx.app.db, today, ctx.app.config.lifecycle.ackWithinWorkdays);
    const body = html`
<section><h2>报送办结，待审核（${queue.reports.length}）</h2>${queue.reports.length ? html`<div class="table-wrap"><table id="queue-reports">
<thead><tr><th>编号</th><th>单位</th><th>事项</th><th>责任领导</th><th>报送时间</th><th>审核</th></tr></thead><tbody>
${queue.reports.map((i) => html`<tr data-id="${i.id}"><td class="num"><a href="/console/items/${i.id}">#${i.id}</a></td><td>${i.departmentName ?? '—'}</td>
<td class="text">${clipText(i.text, 60)}</td><td>${leadersCell(i)}</td><td>${time(i.completedAt)}</td>
<td><form method="post" action="/console/items/${i.id}/approve" class="inline">${csrfField(viewer)}<button type="submit" class="primary">通过销号</button></form>
<a href="/console/items/${i.id}">退回…</a></td></tr>`)}</tbody></table></div>` : html`<p class="muted">没有待审核的办结报送。</p>`}</section>
<section><h2>延期申请（${queue.extensions.length}）</h2>${queue.extensions.length ? html`<ul>${queue.extensions.map(({ request: r, item }) => html`<li>
<a href="/console/items/${item.id}">#${item.id}</a> ${clipText(item.text, 40)}：${r.requestedBy} 申请延至 <strong>${r.requestedDeadline}</strong>（${r.reason}）${r.afterDeadline ? '（逾期后申请）' : ''}
<a href="/console/items/${item.id}">审批…</a></li>`)}</ul>` : html`<p class="muted">没有待审批的延期申请。</p>`}</section>
<section><h2>交办超时未签收（${queue.unacknowledged.length}）</h2>${queue.unacknowledged.length ? html`<ul>${queue.unacknowledged.map((i) => html`<li><a href="/console/items/${i.id}">#${i.id}</a> ${i.departmentName ?? ''} ${clipText(i.text, 40)}</li>`)}</ul>` : html`<p class="muted">没有。</p>`}</section>`;
    return sendPage(reply, page({ title: '审核', viewer, body }));
  });
}
