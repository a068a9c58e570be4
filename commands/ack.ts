import { actionCommand } from '../src/bot/action';
import { requireItem } from '../src/bot/arguments';
import { requireOk } from '../src/bot/outcome';
import { itemCard } from '../src/rendering/itemCard';
import { loadCommitment } from '../src/register/commitments';
import { acknowledge } from '../src/register/lifecycle';

export const ack = actionCommand({
  name: 'ack',
  aliases: ['签收'],
  summary: '签收交办事项',
  usage: '/ack <编号>',
  examples: ['/ack 12', '/签收 12'],
  async apply(ctx) {
    const item = await requireItem(ctx, this.usage);
    requireOk(await acknowledge(ctx.app.db, ctx.actor, ctx.now, { id: item.id }, ctx.app.config));
    const message = '📥 已签收，事项进入办理中';
    return { message, card: itemCard((await loadCommitment(ctx.app.db, item.id))!, ctx.today, { headline: `${message}。` }) };
  },
});
