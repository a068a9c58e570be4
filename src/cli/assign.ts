import type { App } from '../app';
import { shanghaiDay } from '../clock';
import { cliActor } from '../domain/actor';
import { readNewDeadline, vagueDeadline } from '../bot/outcome';
import { ASSIGN_SOURCES, assignItem, leaderForAssignment } from '../register/assign';
import { requireDepartment } from '../register/departments';
import { announceAssignment } from '../../jobs/notify';
import { Args, stringOption, UsageError } from './args';
import { loadCampaigns, unknownCampaignsText } from '../register/campaigns';

export const ASSIGN_USAGE = 'assign <部门[+协办部门]> <内容> <时限> [--leaders 姓名,姓名] [--source 领导批示] [--campaign 键]';

/**
 * 交办 from the command line, as /交办 in chat: the same register call, and the
 * leaders (or liaisons) get the card with its 签收 button through the outbox.
 * `--campaign` files the item under an existing campaign instead of the year's 交办 one.
 */
export async function assignCommand(app: App, args: Args, out: (text: string) => void): Promise<void> {
  const [units, text, deadlineText, ...extra] = args.positional;
  if (!units || !text || !deadlineText || extra.length) throw new UsageError(`请依次写明部门、内容和时限（内容有空格时加引号）。\n用法：npm run cli -- ${ASSIGN_USAGE}`);
  if ([...text].length > 500) throw new UsageError(`内容太长了（${[...text].length}字），请控制在500字以内。`);
  const today = shanghaiDay(app.clock.now());
  const deadline = readNewDeadline(deadlineText, today);
  if (!deadline) throw new UsageError(vagueDeadline(deadlineText));
  const source = stringOption(args, 'source') ?? '领导批示';
  if (!(ASSIGN_SOURCES as readonly string[]).includes(source)) throw new UsageError(`--source 只能是：${ASSIGN_SOURCES.join('、')}`);
  const campaignKey = stringOption(args, 'campaign');
  if (campaignKey) {
    const campaigns = await loadCampaigns(app.db);
    if (!campaigns.some((c) => c.key === campaignKey)) throw new UsageError(unknownCampaignsText([campaignKey], campaigns));
  }
  const departments = [];
  for (const name of units.split(/[+＋]/).filter(Boolean)) departments.push(await requireDepartment(app.db, name));
  const leaderIds: number[] = [];
  for (const name of (stringOption(args, 'leaders') ?? '').split(/[,，、\s]+/).filter(Boolean)) {
    const named = await leaderForAssignment(app.db, name, departments.map((d) => d.id));
    if (named.kind === 'unknown') throw new UsageError(`名单中没有责任领导“${name}”，请核对姓名（npm run cli -- leader list）。`);
    if (named.kind === 'ambiguous') throw new UsageError(`名单中有 ${named.namesakes.length} 位“${name}”（${named.namesakes.map((l) => l.department ?? '未定单位').join('、')}），交办部门中没有其中一位；请核对部门。`);
    leaderIds.push(named.leader.id);
  }
  const outcome = await assignItem(app.db, cliActor(), app.clock.now(), {
    departments: departments.map((d) => ({ id: d.id, name: d.name })), text, deadline, deadlineText, leaderIds: [...new Set(leaderIds)], source, campaignKey,
  }, app.config);
  if (!outcome.ok) throw new UsageError(outcome.message);
  const { item } = await announceAssignment(app, outcome.id!, source, today);
  out(`已交办 #${item.id}：${departments.map((d) => d.name).join('+')}，时限 ${deadline}，来源 ${source}，状态 ${item.status}。`);
  out(leaderIds.length ? `签收卡片已排入发送队列（${item.leaders.map((l) => l.name).join('、')}）。` : '未指定责任领导：签收卡片发给部门联络员。');
}
