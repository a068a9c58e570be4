import { requireItem } from '../src/bot/arguments';
import type { Command } from '../src/bot/types';
import { itemCard } from '../src/rendering/itemCard';
import { escapeMarkdown } from '../src/rendering/text';
import { departmentNames } from '../src/register/assign';
import { pendingExtensions } from '../src/register/extensions';

const TIMELINE_LENGTH = 30;

export const show: Command = {
  name: 'show',
  aliases: ['详情', '查看'],
  summary: '查看事项详情、佐证材料和办理记录',
  usage: '/show <编号>',
  examples: ['/show 12', '/详情 #12'],
  async run(ctx) {
    const item = await requireItem(ctx, this.usage);
    const evidence = await ctx.app.db.selectFrom('evidence').selectAll().where('commitment_id', '=', item.id).orderBy('id').execute();
    const log = await ctx.app.db.selectFrom('activity_log').selectAll().where('commitment_id', '=', item.id)
      .orderBy('id', 'desc').limit(TIMELINE_LENGTH).execute();
    const [pending] = await pendingExtensions(ctx.app.db, [item.id]);
    return itemCard(item, ctx.today, {
      coDepartments: await departmentNames(ctx.app.db, item.coDepartmentIds),
      headline: pending ? `🕒 延期申请待审批：${escapeMarkdown(pending.requestedBy)} 申请延期至 ${pending.requestedDeadline}${pending.afterDeadline ? '（逾期后申请）' : ''}：${escapeMarkdown(pending.reason)}` : undefined,
      evidence: evidence.map((e) => ({ kind: e.kind, content: e.content, fileName: e.file_name, actorName: e.actor_name ?? e.actor_id, createdAt: e.created_at })),
      timeline: log.reverse().map((l) => ({ at: l.at, actorName: l.actor_name ?? l.actor_id, summary: l.summary })),
    });
  },
};
