import type { FastifyInstance } from 'fastify';
import { shanghaiDay } from '../../clock';
import { campaignTotals, rankCountedDepartments, weeklyTrend } from '../../domain/overviewStats';
import { listCampaigns } from '../../register/consoleQueries';
import { completionsByDay, countStates } from '../../register/stateCounts';
import type { ConsoleContext } from '../context';
import { html, jsonData } from '../html';
import { page } from '../layout';
import { sendPage, viewerOf } from '../plugin';
import { forbidden } from '../refusal';
import { STATES } from '../../domain/lifecycle';
import { NO_DEPARTMENT } from '../../domain/departmentNames';
import { buildWeeklyReport } from '../../report/weeklyReport';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 总览: per campaign totals and colours, the department ranking (晾晒) and the weekly trend. */
export function overviewRoutes(server: FastifyInstance, ctx: ConsoleContext): void {
  server.get('/console', async (_request, reply) => reply.redirect('/console/'));
  server.get('/console/', async (request, reply) => {
    const viewer = viewerOf(request);
    if (!viewer.isOffice && ctx.app.config.console.read === 'own') {
      if (viewer.leaderId) return reply.redirect(`/console/leaders/${viewer.leaderId}`);
      if (viewer.liaisonDepartmentIds.length) return reply.redirect(`/console/departments/${viewer.liaisonDepartmentIds[0]}`);
      throw forbidden('您在花名册中没有对应的事项。');
    }
    const today = shanghaiDay(ctx.app.clock.now());
    // Counted in the database: a few rows per department, not one per item.
    const [groups, completions, campaigns] = await Promise.all([countStates(ctx.app.db, today), completionsByDay(ctx.app.db), listCampaigns(ctx.app.db)]);
    const titles = new Map(campaigns.map((c) => [c.id, c.title]));
    const totals = campaignTotals(groups);
    const ranking = rankCountedDepartments(groups);
    const departmentIds = new Map(groups.map((g) => [g.departmentName ?? NO_DEPARTMENT, g.departmentId]));
    const trend = weeklyTrend(completions, groups.reduce((n, g) => n + g.count, 0), today);
    const [lastWeek, thisWeek] = trend.slice(-2);

    const body = html`
<section><h2>各批次</h2><div class="table-wrap"><table>
<thead><tr><th>批次</th><th>事项</th>${STATES.map((l) => html`<th>${l}</th>`)}<th>其中逾期办结</th><th>逾期未办结</th><th>延期</th><th>完成率</th><th>红</th><th>黄</th><th>蓝</th></tr></thead>
<tbody>${totals.map((t) => html`<tr><td class="title-cell">${titles.get(t.campaignId) ?? `批次${t.campaignId}`}</td><td class="num">${t.summary.total}</td>
${STATES.map((s) => html`<td class="num">${t.byStatus[s] ?? 0}</td>`)}
<td class="num">${t.summary.doneLate}</td><td class="num">${t.summary.overdue}</td><td class="num">${t.summary.extended}</td><td class="num">${t.summary.rate}%</td>
<td class="num"><span class="dot red">${t.colours.red}</span></td><td class="num"><span class="dot yellow">${t.colours.yellow}</span></td><td class="num"><span class="dot blue">${t.colours.blue}</span></td></tr>`)}</tbody>
</table></div></section>
${viewer.isOffice ? html`<p><a href="/console/report.docx">下载上周督查通报（Word）</a></p>` : ''}
<section><h2>各单位完成情况（晾晒，按完成率排名）</h2>
<div class="chart-box"><canvas id="ranking-chart" aria-label="各单位完成率图"></canvas></div>
<div class="table-wrap"><table id="ranking">
<thead><tr><th>名次</th><th>单位</th><th>事项</th><th>已办结</th><th>待审核</th><th>办理中</th><th>逾期</th><th>完成率</th></tr></thead>
<tbody>${ranking.map((r, i) => {
  const id = departmentIds.get(r.name);
  return html`<tr data-department="${r.name}"><td class="num">${i + 1}</td><td>${id ? html`<a href="/console/departments/${id}">${r.name}</a>` : r.name}</td>
<td class="num" data-field="total">${r.summary.total}</td><td class="num" data-field="done">${r.summary.done}</td><td class="num">${r.summary.awaitingReview}</td><td class="num">${r.summary.inProgress}</td>
<td class="num" data-field="overdue">${r.summary.overdue}</td><td class="num" data-field="rate">${r.summary.rate}%</td></tr>`;
})}</tbody></table></div></section>
<section><h2>周趋势</h2>
<p>本周完成 <strong>${thisWeek.completedInWeek}</strong> 项，上周 ${lastWeek.completedInWeek} 项；完成率 ${lastWeek.rate}% → <strong>${thisWeek.rate}%</strong>。</p>
<div class="chart-box small"><canvas id="trend-chart" aria-label="完成率周趋势图"></canvas></div>
<div class="table-wrap"><table><thead><tr><th>周（起）</th><th>当周完成</th><th>周末完成率</th></tr></thead>
<tbody>${trend.map((w) => html`<tr><td>${w.weekStart}</td><td class="num">${w.completedInWeek}</td><td class="num">${w.rate}%</td></tr>`)}</tbody></table></div>
</section>
${jsonData('chart-data', {
  ranking: ranking.map((r) => ({ label: r.name, value: r.summary.rate })),
  trend: trend.map((w) => ({ label: w.weekStart.slice(5), value: w.rate })),
})}`;
    return sendPage(reply, page({ title: '总览', viewer, body, scripts: ['/console/vendor/chart.umd.min.js', '/console/assets/charts.js'] }));
  });
  // The last full week's 督查通报, as `npm run cli -- report` writes it; issuing it gives the week its 期号, so office only.
  server.get('/console/report.docx', async (request, reply) => {
    const viewer = viewerOf(request);
    if (!viewer.isOffice) throw forbidden('督查通报由督查室下载。');
    const report = await buildWeeklyReport(ctx.app, { actor: viewer.actor });
    return reply.header('content-type', DOCX_TYPE)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(report.fileName)}`)
      .send(report.docx);
  });
}
