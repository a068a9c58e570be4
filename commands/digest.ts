import { buildDigest } from '../jobs/digest';
import { requireDepartment } from '../src/bot/arguments';
import type { Command } from '../src/bot/types';
import { notice } from '../src/rendering/card';

export const digest: Command = {
  name: 'digest',
  aliases: ['周报', '通报'],
  summary: '立即查看周报（群内按本群订阅的部门，也可指定部门）',
  usage: '/digest [部门…]',
  examples: ['/digest', '/周报 市发改局 市经信局'],
  async run(ctx) {
    let departmentIds: number[] = [];
    if (ctx.argv.length) {
      for (const word of ctx.argv.slice(0, 30)) departmentIds.push((await requireDepartment(ctx, word)).id);
    } else if (ctx.chat.type === 'group') {
      const subscription = await ctx.app.db.selectFrom('group_subscriptions').select('department_ids')
        .where('platform', '=', ctx.chat.platform).where('chat_id', '=', ctx.chat.id).executeTakeFirst();
      departmentIds = subscription?.department_ids ?? [];
    }
    departmentIds = [...new Set(departmentIds)];
    return (await buildDigest(ctx.app, departmentIds, ctx.today, ctx.chat.platform)) ?? notice('周报', '所选范围内还没有承诺事项。', 'grey');
  },
};
