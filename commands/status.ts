import { refuse, splitPage } from '../src/bot/arguments';
import { departmentById, listDepartments, requireDepartment } from '../src/register/departments';
import type { Command, CommandContext } from '../src/bot/types';
import { NO_DEPARTMENT } from '../src/domain/departmentNames';
import { byUrgency, summarise } from '../src/domain/itemState';
import { leaderOf } from '../src/register/accounts';
import { Card, markdown } from '../src/rendering/card';
import { itemListCard, pageButtons } from '../src/rendering/lists';
import { escapeMarkdown } from '../src/rendering/text';
import { CommitmentView, loadCommitments } from '../src/register/commitments';

async function departmentStatus(ctx: CommandContext, department: { id: number; name: string }, page: number): Promise<Card> {
  return statusCard(ctx, department.name, await loadCommitments(ctx.app.db, { departmentId: department.id }), page);
}

function statusCard(ctx: CommandContext, departmentName: string, items: CommitmentView[], page: number): Card {
  return itemListCard(byUrgency(items), {
    title: `${departmentName} 承诺事项`,
    today: ctx.today,
    page,
    command: `/status ${departmentName}`,
  });
}

/** Departments per page of the ranking: 200 of them would pass DingTalk's markdown limit. */
const RANKING_PAGE = 50;

async function allDepartments(ctx: CommandContext, page = 1): Promise<Card> {
  const items = await loadCommitments(ctx.app.db);
  const departments = await listDepartments(ctx.app.db);
  const rows = departments
    .map((d) => ({ name: d.name, s: summarise(items.filter((i) => i.departmentId === d.id), ctx.today) }))
    .filter((r) => r.s.total > 0)
    .sort((a, b) => b.s.rate - a.s.rate || a.s.overdue - b.s.overdue || a.name.localeCompare(b.name, 'zh'));
  // Items no department is known for are a group of their own, last, so that the rows add up to the total.
  const orphans = summarise(items.filter((i) => i.departmentId === null), ctx.today);
  if (orphans.total) rows.push({ name: NO_DEPARTMENT, s: orphans });
  const total = summarise(items, ctx.today);
  const pages = Math.max(1, Math.ceil(rows.length / RANKING_PAGE));
  const shown = Math.min(Math.max(1, page), pages);
  const first = (shown - 1) * RANKING_PAGE;
  const ranked = rows.slice(first, first + RANKING_PAGE).map((r, i) => ({ ...r, rank: first + i + 1 }));
  const lines = ranked.map((r) =>
    `${r.rank}. **${escapeMarkdown(r.name)}** 完成 ${r.s.done}/${r.s.total}（${r.s.rate}%）${r.s.overdue ? ` · 🔴逾期 ${r.s.overdue}` : ''}${r.s.dueSoon ? ` · 🔵临期 ${r.s.dueSoon}` : ''}`);
  return {
    title: '承诺事项总体进度',
    tone: total.overdue ? 'red' : 'blue',
    blocks: [
      markdown(`全部 **${total.total}** 项 · 完成 ${total.done} · 逾期 ${total.overdue} · 完成率 **${total.rate}%**`),
      markdown('查看某个部门：/status 部门名，例如 /status 市发改局'),
      markdown(lines.join('\n') || '（还没有导入任何承诺事项）'),
      ...(pages > 1 ? [markdown(`第 ${shown}/${pages} 页`)] : []),
    ],
    buttons: pageButtons('/status', shown, pages),
    entryNoun: '个单位',
    seeAllHint: '发送 /status 页码 查看其余单位。',
    consolePath: '/console/departments',
  };
}

export const status: Command = {
  name: 'status',
  aliases: ['进度', '状态'],
  summary: '查看部门承诺事项及完成情况',
  usage: '/status [部门] [页码]',
  examples: ['/status 市发改局', '/进度 发改', '/status'],
  async run(ctx) {
    if (!ctx.argv.length) {
      const leader = await leaderOf(ctx.app.db, ctx.actor);
      if (leader?.department_id) {
        const own = await departmentById(ctx.app.db, leader.department_id);
        if (own) return departmentStatus(ctx, own, 1);
      }
      return allDepartments(ctx);
    }
    const { query, page } = splitPage(ctx.argv);
    if (!query) return allDepartments(ctx, page);
    if (query === NO_DEPARTMENT) return statusCard(ctx, NO_DEPARTMENT, await loadCommitments(ctx.app.db, { withoutDepartment: true }), page);
    if ([...query].length > 50) throw refuse('部门名称太长了，请输入部门名称或简称，例如 /status 发改。');
    // The common case, an exact name or alias with items, is one statement; anything else goes through the lookup.
    const named = await loadCommitments(ctx.app.db, { departmentNamed: query });
    if (named.length) return statusCard(ctx, named[0].departmentName!, named, page);
    return departmentStatus(ctx, await requireDepartment(ctx.app.db, query), page);
  },
};
