import { noteAfterId, requireItem, requireRole } from '../src/bot/arguments';
import type { Command } from '../src/bot/types';
import { notice } from '../src/rendering/card';
import { itemCard } from '../src/rendering/itemCard';
import { markDone } from '../src/register/changes';
import { loadCommitment } from '../src/register/commitments';

export const done: Command = {
  name: 'done',
  aliases: ['完成', '办结'],
  summary: '标记事项完成（可附说明）',
  usage: '/done <编号> [说明]',
  examples: ['/done 12', '/完成 12 已通过验收'],
  async run(ctx) {
    const item = await requireItem(ctx, this.usage);
    await requireRole(ctx, item);
    const note = noteAfterId(ctx);
    const result = await markDone(ctx.app.db, ctx.actor, ctx.now, item.id, note || null);
    if (result === 'already') return notice('无需重复办理', `#${item.id} 已经是完成状态。如需退回请用 /reopen ${item.id} 原因。`, 'grey');
    const updated = (await loadCommitment(ctx.app.db, item.id))!;
    return itemCard(updated, ctx.today, {
      headline: `✅ 已标记完成。请提交佐证材料：发送 /佐证 ${item.id} 文字或链接，或在10分钟内直接发送图片、文件。`,
    });
  },
};
