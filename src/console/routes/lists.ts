import type { FastifyInstance } from 'fastify';
import { shanghaiDay } from '../../clock';
import { ItemState, SIGNALS } from '../../domain/itemState';
import { ListingQuery } from '../../domain/itemListing';
import { summariseCounts } from '../../domain/itemState';
import { loadCommitments } from '../../register/commitments';
import { pageOfItems } from '../../register/itemPage';
import {
  findDepartmentById, findLeaderById, lastActivity, leadersWithCounts, listCampaigns, listDepartments,
} from '../../register/consoleQueries';
import { countStates, ItemScope } from '../../register/stateCounts';
import type { ConsoleContext } from '../context';
import { Html, html } from '../html';
import { page } from '../layout';
import { sendPage, viewerOf } from '../plugin';
import { forbidden, notFound } from '../refusal';
import { mayReadDepartment, mayReadLeader } from '../viewer';
import { clipText, COLOUR_LABEL, deadlineCell, leadersCell, stateBadge, time, withQuery } from '../views';

type Query = Record<string, string | undefined>;

const SORTS: Record<ListingQuery['sort'], string> = { deadline: '时限', id: '编号', progress: '进度', activity: '最近动态', state: '状态' };

function listingQuery(query: Query): ListingQuery {
  const state = query.state && Object.hasOwn(SIGNALS, query.state) ? (query.state as ItemState) : undefined;
  const colour = query.colour && ['red', 'yellow', 'blue', 'none'].includes(query.colour) ? (query.colour as ListingQuery['colour']) : undefined;
  const sort = query.sort && query.sort in SORTS ? (query.sort as ListingQuery['sort']) : 'deadline';
  const campaign = Number(query.campaign);
  return {
    state, colour, sort,
    campaignId: Number.isInteger(campaign) && campaign > 0 ? campaign : undefined,
    overdue: query.overdue === '1',
    review: query.review === '1',
    search: query.q?.slice(0, 100),
    descending: query.dir === 'desc',
    page: Math.max(1, Math.floor(Number(query.page)) || 1),
  };
}

export const positiveId = (text: string): number => {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw notFound();
  return id;
};

/** The items of one department or leader, filtered, searched, sorted and paged. */
async function itemsSection(ctx: ConsoleContext, base: string, scope: ItemScope, query: Query): Promise<Html> {
  const today = shanghaiDay(ctx.app.clock.now());
  const q = listingQuery(query);
  // Counted, filtered, sorted and paged in the database: only the page's 50 items are loaded.
  const [counts, listing, campaigns] = await Promise.all([countStates(ctx.app.db, today, scope), pageOfItems(ctx.app.db, scope, q, today), listCampaigns(ctx.app.db)]);
  const [items, activity] = await Promise.all([loadCommitments(ctx.app.db, { ids: listing.ids }), lastActivity(ctx.app.db, listing.ids)]);
  const byId = new Map(items.map((i) => [i.id, i]));
  const rows = listing.ids.map((id) => byId.get(id)!).filter(Boolean).map((i) => ({ ...i, lastActivity: activity.get(i.id) ?? null }));
  const summary = summariseCounts(counts);
  const reviewCount = listing.flagged;
  const sortLink = (key: ListingQuery['sort']) => withQuery(base, query, { sort: key, dir: q.sort === key && !q.descending ? 'desc' : undefined, page: undefined });
  return html`
<p>共 <strong>${summary.total}</strong> 项 · 已办结 ${summary.done}${summary.doneLate ? `（逾期办结 ${summary.doneLate}）` : ''} · 待审核 ${summary.awaitingReview} · 办理中 ${summary.inProgress} · 逾期 ${summary.overdue} · 7天内到期 ${summary.dueSoon}${summary.extended ? ` · 延期 ${summary.extended}` : ''} · 完成率 <strong>${summary.rate}%</strong>
${reviewCount ? html` · <a href="${withQuery(base, {}, { review: '1' })}">待核定 ${reviewCount} 项</a>` : ''}</p>
<form class="filters" method="get" action="${base}">
<label>状态<select name="state"><option value="">全部</option>${Object.entries(SIGNALS).map(([k, s]) => html`<option value="${k}"${q.state === k ? html` selected` : ''}>${s.label}</option>`)}</select></label>
<label>三色<select name="colour"><option value="">全部</option>${Object.entries(COLOUR_LABEL).map(([k, l]) => html`<option value="${k}"${q.colour === k ? html` selected` : ''}>${l}色</option>`)}<option value="none"${q.colour === 'none' ? html` selected` : ''}>无预警</option></select></label>
<label>批次<select name="campaign"><option value="">全部</option>${campaigns.map((c) => html`<option value="${c.id}"${q.campaignId === c.id ? html` selected` : ''}>${clipText(c.title, 16)}</option>`)}</select></label>
<label><span><input type="checkbox" name="overdue" value="1"${q.overdue ? html` checked` : ''}> 仅逾期</span></label>
<label><span><input type="checkbox" name="review" value="1"${q.review ? html` checked` : ''}> 仅待核定</span></label>
<label>搜索<input type="search" name="q" value="${q.search ?? ''}" placeholder="事项内容或编号"></label>
<input type="hidden" name="sort" value="${q.sort}">${q.descending ? html`<input type="hidden" name="dir" value="desc">` : ''}
<button type="submit">筛选</button></form>
<p class="muted">符合条件 ${listing.total} 项，第 ${listing.page}/${listing.pages} 页。排序：${(Object.keys(SORTS) as ListingQuery['sort'][]).map((k) => html` <a href="${sortLink(k)}">${SORTS[k]}${q.sort === k ? (q.descending ? '↓' : '↑') : ''}</a>`)}</p>
<div class="table-wrap"><table class="items">
<thead><tr><th>编号</th><th>事项</th><th>状态</th><th>时限</th><th>责任领导</th><th>进度</th><th>最近动态</th></tr></thead>
<tbody>${rows.map((i) => html`<tr class="${i.needsReview ? 'flagged' : ''}" data-id="${i.id}">
<td class="num"><a href="/console/items/${i.id}">#${i.id}</a></td>
<td class="text"><a href="/console/items/${i.id}">${clipText(i.text, 80)}</a>${i.needsReview ? html`<br><small>⚠ 待核定：${i.reviewReasons.join('；')}</small>` : ''}</td>
<td>${stateBadge(i, today)}</td><td>${deadlineCell(i, today)}</td><td>${leadersCell(i)}</td>
<td class="num">${i.progressPercent === null ? '—' : `${i.progressPercent}%`}</td><td>${time(i.lastActivity)}</td></tr>`)}</tbody></table></div>
<div class="pager">${listing.page > 1 ? html`<a href="${withQuery(base, query, { page: String(listing.page - 1) })}">上一页</a>` : ''}
${listing.page < listing.pages ? html`<a href="${withQuery(base, query, { page: String(listing.page + 1) })}">下一页</a>` : ''}</div>`;
}

export function listRoutes(server: FastifyInstance, ctx: ConsoleContext): void {
  server.get('/console/departments', async (request, reply) => {
    const viewer = viewerOf(request);
    const today = shanghaiDay(ctx.app.clock.now());
    const [departments, groups] = await Promise.all([listDepartments(ctx.app.db), countStates(ctx.app.db, today)]);
    const visible = departments.filter((d) => mayReadDepartment(ctx.app, viewer, d.id));
    const body = html`<section><div class="table-wrap"><table><thead><tr><th>单位</th><th>事项</th><th>完成</th><th>逾期</th><th>完成率</th></tr></thead><tbody>
${visible.map((d) => {
  const s = summariseCounts(groups.filter((g) => g.departmentId === d.id));
  return html`<tr><td><a href="/console/departments/${d.id}">${d.name}</a></td><td class="num">${s.total}</td><td class="num">${s.done}</td><td class="num">${s.overdue}</td><td class="num">${s.rate}%</td></tr>`;
})}</tbody></table></div></section>`;
    return sendPage(reply, page({ title: '部门', viewer, body }));
  });

  server.get<{ Params: { id: string }; Querystring: Query }>('/console/departments/:id', async (request, reply) => {
    const viewer = viewerOf(request);
    const department = await findDepartmentById(ctx.app.db, positiveId(request.params.id));
    if (!department) throw notFound('没有这个部门。');
    if (!mayReadDepartment(ctx.app, viewer, department.id)) throw forbidden('您只能查看本人或本部门的事项（CONSOLE_READ=own）。');
    const section = await itemsSection(ctx, `/console/departments/${department.id}`, { departmentId: department.id }, request.query);
    return sendPage(reply, page({ title: department.name, viewer, body: html`<section>${section}</section>` }));
  });

  server.get('/console/leaders', async (request, reply) => {
    const viewer = viewerOf(request);
    const leaders = (await leadersWithCounts(ctx.app.db)).filter((l) => mayReadLeader(ctx.app, viewer, l.id));
    const body = html`<section><div class="table-wrap"><table><thead><tr><th>领导</th><th>单位</th><th>事项</th></tr></thead><tbody>
${leaders.map((l) => html`<tr><td><a href="/console/leaders/${l.id}">${l.name}</a></td><td>${l.departmentName ?? '—'}</td><td class="num">${Number(l.items)}</td></tr>`)}
</tbody></table></div></section>`;
    return sendPage(reply, page({ title: '领导', viewer, body }));
  });

  server.get<{ Params: { id: string }; Querystring: Query }>('/console/leaders/:id', async (request, reply) => {
    const viewer = viewerOf(request);
    const leader = await findLeaderById(ctx.app.db, positiveId(request.params.id));
    if (!leader) throw notFound('没有这位领导。');
    if (!mayReadLeader(ctx.app, viewer, leader.id)) throw forbidden('您只能查看本人或本部门的事项（CONSOLE_READ=own）。');
    const section = await itemsSection(ctx, `/console/leaders/${leader.id}`, { leaderId: leader.id }, request.query);
    return sendPage(reply, page({ title: `${leader.name}${leader.departmentName ? `（${leader.departmentName}）` : ''}`, viewer, body: html`<section>${section}</section>` }));
  });
}
