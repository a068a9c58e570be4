import { refuse } from '../src/bot/arguments';
import { parseNewDeadline, requireOk } from '../src/bot/outcome';
import { requireDepartment } from '../src/register/departments';
import type { Command, CommandContext } from '../src/bot/types';
import { accountColumn } from '../src/domain/permissions';
import { isAdmin } from '../src/register/accounts';
import { itemCard } from '../src/rendering/itemCard';
import { echo } from '../src/rendering/text';
import { ASSIGN_SOURCES, assignItem, leaderForAssignment } from '../src/register/assign';
import { leaderByAccount } from '../src/register/leaders';
import { announceAssignment } from '../jobs/notify';

const USAGE = '/assign <部门[+协办部门]> <内容> <时限> [责任领导…] [来源]';
/** A token that is a date and nothing else: where the item's text ends. */
const DATE_TOKEN = /^(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}月(\d{1,2}日|底|末|中旬|上旬|下旬)前?|年底前?|年内|[一二三四1-4]季度)$/;

async function leadersNamed(ctx: CommandContext, names: string[], departmentIds: number[]): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    const named = await leaderForAssignment(ctx.app.db, name, departmentIds);
    if (named.kind === 'unknown') throw refuse(`名单中没有责任领导“${echo(name, 20)}”，请核对姓名，或 @ 该领导。`);
    if (named.kind === 'ambiguous') throw refuse(`名单中有 ${named.namesakes.length} 位“${echo(name, 20)}”（${named.namesakes.map((l) => echo(l.department ?? '未定单位', 20)).join('、')}），请 @ 该领导。`);
    ids.push(named.leader.id);
  }
  const column = accountColumn(ctx.chat.platform);
  for (const mention of ctx.mentions) {
    const leader = column ? await leaderByAccount(ctx.app.db, column, mention.id) : undefined;
    if (!leader) throw refuse(`@${echo(mention.name, 20)} 还没有绑定为责任领导，请先 /bind 姓名 @${echo(mention.name, 20)}，或直接写领导姓名。`);
    ids.push(leader.id);
  }
  return [...new Set(ids)];
}

export const assign: Command = {
  name: 'assign',
  aliases: ['交办'],
  summary: '督查室交办事项（领导批示、会议议定等），责任领导收到签收卡片',
  usage: USAGE,
  examples: ['/交办 市住建局 完成老旧小区改造方案 12月31日 童安胜', '/assign 市住建局+市交通运输局 治理城区积水点 2023-03-31 会议议定'],
  async run(ctx) {
    if (!(await isAdmin(ctx.app.db, ctx.app.config, ctx.actor))) throw refuse('只有督查室可以交办事项。');
    const [unitArg, ...rest] = ctx.argv;
    const at = rest.findIndex((t, i) => i >= 1 && DATE_TOKEN.test(t.normalize('NFKC')));
    if (!unitArg || at < 1) throw refuse(`请依次写明部门、内容和时限。用法：${USAGE}\n例如：${this.examples[0]}`);
    const departments = [];
    for (const name of unitArg.split(/[+＋]/).filter(Boolean)) departments.push(await requireDepartment(ctx.app.db, name));
    const text = rest.slice(0, at).join(' ');
    if ([...text].length > 500) throw refuse(`内容太长了（${[...text].length}字），请控制在500字以内。`);
    const deadline = parseNewDeadline(rest[at], ctx.today, USAGE);
    const tail = rest.slice(at + 1);
    const source = tail.find((t) => (ASSIGN_SOURCES as readonly string[]).includes(t)) ?? '领导批示';
    const leaderIds = await leadersNamed(ctx, tail.filter((t) => t !== source), departments.map((d) => d.id));
    const outcome = await assignItem(ctx.app.db, ctx.actor, ctx.now, {
      departments: departments.map((d) => ({ id: d.id, name: d.name })), text, deadline, deadlineText: rest[at], leaderIds, source,
    }, ctx.app.config);
    requireOk(outcome);
    const { item, coDepartments } = await announceAssignment(ctx.app, outcome.id!, source, ctx.today);
    return itemCard(item, ctx.today, { coDepartments, headline: `📨 已交办 #${item.id}，等待签收。${leaderIds.length ? '' : '未指定责任领导，已通知部门联络员。'}` });
  },
};
