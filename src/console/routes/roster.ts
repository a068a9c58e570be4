import type { FastifyInstance } from 'fastify';
import { rosterLeaders, rosterLiaisons } from '../../register/consoleQueries';
import type { ConsoleContext } from '../context';
import { html } from '../html';
import { page } from '../layout';
import { sendPage, viewerOf } from '../plugin';
import { requireOffice } from './review';

const PLATFORM_LABEL: Record<string, string> = { feishu: '飞书', dingtalk: '钉钉', shell: '本地', console: '控制台' };

/** 花名册: leaders and liaisons and where each can be reached; the unbound first. */
export function rosterRoutes(server: FastifyInstance, ctx: ConsoleContext): void {
  server.get('/console/roster', async (request, reply) => {
    const viewer = viewerOf(request);
    requireOffice(viewer);
    const [leaders, liaisons] = await Promise.all([rosterLeaders(ctx.app.db), rosterLiaisons(ctx.app.db)]);
    const unbound = leaders.filter((l) => !l.feishu_open_id && !l.dingtalk_staff_id).length;
    const body = html`<section><h2>责任领导（${leaders.length}，未绑定 ${unbound}）</h2><div class="table-wrap"><table id="roster-leaders">
<thead><tr><th>姓名</th><th>单位</th><th>飞书</th><th>钉钉</th></tr></thead><tbody>
${leaders.map((l) => html`<tr class="${!l.feishu_open_id && !l.dingtalk_staff_id ? 'flagged' : ''}"><td><a href="/console/leaders/${l.id}">${l.name}</a></td><td>${l.departmentName ?? '—'}</td>
<td>${l.feishu_open_id ? '已绑定' : html`<span class="muted">未绑定</span>`}</td><td>${l.dingtalk_staff_id ? '已绑定' : html`<span class="muted">未绑定</span>`}</td></tr>`)}
</tbody></table></div><p class="muted">绑定：在聊天中发送 /绑定 姓名，或 npm run cli -- leader bind 姓名 --feishu open_id。</p></section>
<section><h2>联络员（${liaisons.length}）</h2><div class="table-wrap"><table><thead><tr><th>单位</th><th>姓名</th><th>平台</th></tr></thead><tbody>
${liaisons.map((l) => html`<tr><td>${l.departmentName}</td><td>${l.display_name ?? '（未留名）'}</td><td>${PLATFORM_LABEL[l.platform] ?? l.platform}</td></tr>`)}
</tbody></table></div></section>`;
    return sendPage(reply, page({ title: '花名册', viewer, body }));
  });
}
