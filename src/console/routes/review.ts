import type { FastifyInstance } from 'fastify';
import { normaliseName } from '../../ingest/names';
import { loadCommitments } from '../../register/commitments';
import { findDepartmentById, flaggedCountsByDepartment, flaggedItemIds, listDepartments } from '../../register/consoleQueries';
import { settleFlaggedItem } from '../../register/reviewFixes';
import type { ConsoleContext } from '../context';
import { field } from '../forms';
import { html } from '../html';
import { csrfField, page } from '../layout';
import { sendPage, viewerOf } from '../plugin';
import { printedColumn } from '../printedSource';
import { badInput, forbidden } from '../refusal';
import type { Viewer } from '../viewer';
import { positiveId } from './lists';
import { NO_DEPARTMENT } from '../../domain/departmentNames';

const MAX_SHOWN = 100;

export function requireOffice(viewer: Viewer): void {
  if (!viewer.isOffice) throw forbidden('只有督查室可以进行此操作。');
}

/** Leader names as typed: separated by 、，, ; or spaces; each a plausible name. */
export function parseLeaderNames(text: string): string[] | string {
  const names = text.split(/[、，,;；\s]+/).map((n) => normaliseName(n)).filter(Boolean);
  if (!names.length) return '请填写至少一位责任领导。';
  if (names.length > 10) return '责任领导最多 10 位。';
  const bad = names.find((n) => [...n].length > 12 || !/^[\p{Script=Han}A-Za-z·.\-]+$/u.test(n));
  if (bad) return `“${bad.slice(0, 20)}”不像一个姓名。多位领导请用顿号分隔。`;
  return [...new Set(names)];
}

export function reviewRoutes(server: FastifyInstance, ctx: ConsoleContext): void {
  server.get<{ Querystring: { department?: string; ok?: string } }>('/console/review', async (request, reply) => {
    const viewer = viewerOf(request);
    requireOffice(viewer);
    const departmentId = request.query.department ? positiveId(request.query.department) : undefined;
    const [counts, departments] = await Promise.all([flaggedCountsByDepartment(ctx.app.db), listDepartments(ctx.app.db)]);
    const ids = (await flaggedItemIds(ctx.app.db, departmentId)).slice(0, MAX_SHOWN);
    const items = await loadCommitments(ctx.app.db, { ids });
    const first = items[0];
    const printed = first && departmentId !== undefined ? await printedColumn(ctx.app, first.campaignId, first.departmentHeading) : null;
    const department = departmentId !== undefined ? await findDepartmentById(ctx.app.db, departmentId) : undefined;
    const body = html`
<section><p>${counts.length ? counts.map((c) => html`<a href="/console/review?department=${c.departmentId ?? ''}">${c.departmentName ?? NO_DEPARTMENT}（${Number(c.n)}）</a> `) : '没有待核定的事项。'}</p></section>
<div class="grid two"><section><h2>${department ? `${department.name} 待核定事项` : '全部待核定事项'}（${items.length}）</h2>
${items.map((item) => html`<div class="review-item" id="item-${item.id}"><h3><a href="/console/items/${item.id}">#${item.id}</a> ${item.category ?? ''}${item.seq ? ` 第${item.seq}项` : ''}</h3>
<p>${item.text}</p><p class="refusal">⚠ ${item.reviewReasons.join('；') || '需核对'}</p>
<form method="post" action="/console/review/${item.id}" class="stack">${csrfField(viewer)}
<label>责任领导（多位用顿号分隔）<input name="leaders" value="${item.leaders.map((l) => l.name).join('、')}" required maxlength="120"></label>
<label>完成时限${item.deadlineText ? `（原文：${item.deadlineText}）` : ''}<input type="date" name="deadline" value="${item.deadline ?? ''}"></label>
<label>部门<select name="department">${departments.map((d) => html`<option value="${d.id}"${d.id === item.departmentId ? html` selected` : ''}>${d.name}</option>`)}</select></label>
<button type="submit" class="primary">保存核定</button></form><hr></div>`)}
</section>
<section><h2>原文（${first?.departmentHeading ?? '—'}）</h2>${printed ? html`<pre class="printed">${printed}</pre>` : html`<p class="muted">${departmentId === undefined ? '选择一个部门以对照原文。' : '没有保存这份清单的原文。'}</p>`}</section></div>`;
    return sendPage(reply, page({ title: '待核定', viewer, body, flash: request.query.ok ? { tone: 'ok', text: '已保存核定结果，待核定标记已清除。' } : undefined }));
  });

  server.post<{ Params: { id: string } }>('/console/review/:id', async (request, reply) => {
    const viewer = viewerOf(request);
    requireOffice(viewer);
    const id = positiveId(request.params.id);
    const leaders = parseLeaderNames(field(request, 'leaders'));
    if (typeof leaders === 'string') throw badInput(leaders);
    const deadlineText = field(request, 'deadline').trim();
    if (deadlineText && (!/^\d{4}-\d{2}-\d{2}$/.test(deadlineText) || Number.isNaN(Date.parse(`${deadlineText}T00:00:00Z`)))) {
      throw badInput(`“${deadlineText.slice(0, 20)}”不是有效日期（例：2022-12-31）。`);
    }
    const department = await findDepartmentById(ctx.app.db, positiveId(field(request, 'department')));
    if (!department) throw badInput('请选择部门。');
    const result = await settleFlaggedItem(ctx.app.db, viewer.actor, ctx.app.clock.now(), id, { leaders, deadline: deadlineText || null, departmentId: department.id });
    if (result === 'not_flagged') throw badInput(`#${id} 不在待核定之列（可能已被他人核定）。`);
    return reply.redirect(`/console/review?department=${department.id}&ok=1`, 303);
  });
}
