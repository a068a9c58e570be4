import { noteAfterId, Reply, requireItem, requireRole } from '../src/bot/arguments';
import type { Command } from '../src/bot/types';
import { notice, refusal } from '../src/rendering/card';
import { itemCard } from '../src/rendering/itemCard';
import { reopen as reopenItem } from '../src/register/changes';
import { loadCommitment } from '../src/register/commitments';

export const reopen: Command = {
  name: 'reopen',
  aliases: ['退回', '重办'],
  summary: '撤销完成状态（需写明原因）',
  usage: '/reopen <编号> <原因>',
  examples: ['/reopen 12 佐证材料不全'],
  async run(ctx) {
    const item = await requireItem(ctx, this.usage);
    await requireRole(ctx, item);
    const reason = noteAfterId(ctx);
    if (!reason) throw new Reply(refusal(`请写明退回原因。用法：${this.usage}`));
    const result = await reopenItem(ctx.app.db, ctx.actor, ctx.now, item.id, reason);
    if (result === 'not_done') return notice('无需退回', `#${item.id} 还没有完成，不需要退回。`, 'grey');
    return itemCard((await loadCommitment(ctx.app.db, item.id))!, ctx.today, { headline: '↩️ 已退回重办，原因已记录。' });
  },
};
