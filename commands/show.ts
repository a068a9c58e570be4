import { requireItem } from '../src/bot/arguments';
import type { Command } from '../src/bot/types';
import { itemCard } from '../src/rendering/itemCard';
import { escapeMarkdown } from '../src/rendering/text';
import { departmentNames } from '../src/register/assign';
import { pendingExtensions } from '../src/register/extensions';
import { evidenceOf, timelineOf } from '../src/register/timeline';

const TIMELINE_LENGTH = 30;

export const show: Command = {
  name: 'show',
  aliases: ['详情', '查看'],
  summary: '查看事项详情、佐证材料和办理记录',
  usage: '/show <编号>',
  examples: ['/show 12', '/详情 #12'],
  async run(ctx) {
    const item = await requireItem(ctx, this.usage);
    const evidence = await evidenceOf(ctx.app.db, item.id);
    const timeline = await timelineOf(ctx.app.db, item.id, TIMELINE_LENGTH);
    const [pending] = await pendingExtensions(ctx.app.db, [item.id]);
    return itemCard(item, ctx.today, {
      coDepartments: await departmentNames(ctx.app.db, item.coDepartmentIds),
      headline: pending ? `🕒 延期申请待审批：${escapeMarkdown(pending.requestedBy)} 申请延期至 ${pending.requestedDeadline}${pending.afterDeadline ? '（逾期后申请）' : ''}：${escapeMarkdown(pending.reason)}` : undefined,
      evidence,
      timeline,
    });
  },
};
