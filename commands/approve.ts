import { actionCommand } from '../src/bot/action';
import { noteAfterId, requireItem } from '../src/bot/arguments';
import { requireOk } from '../src/bot/outcome';
import { itemCard } from '../src/rendering/itemCard';
import { loadCommitment } from '../src/register/commitments';
import { approveItem } from '../src/register/lifecycle';

export const approve = actionCommand({
  name: 'approve',
  aliases: ['销号', '通过'],
  summary: '督查室审核通过，事项办结销号',
  usage: '/approve <编号> [意见]',
  examples: ['/approve 12', '/销号 12 佐证齐全'],
  async apply(ctx) {
    const item = await requireItem(ctx, this.usage);
    const note = noteAfterId(ctx);
    requireOk(await approveItem(ctx.app.db, ctx.actor, ctx.now, { id: item.id, note: note || null }, ctx.app.config));
    const message = '✅ 审核通过，已办结销号';
    return { message, card: itemCard((await loadCommitment(ctx.app.db, item.id))!, ctx.today, { headline: `${message}。` }) };
  },
});
