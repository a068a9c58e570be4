import { actionCommand } from '../src/bot/action';
import { noteAfterId, refuse, requireItem } from '../src/bot/arguments';
import { parseNewDeadline, requireOk } from '../src/bot/outcome';
import { itemCard } from '../src/rendering/itemCard';
import { loadCommitment } from '../src/register/commitments';
import { decideExtension } from '../src/register/extensions';

export const grant = actionCommand({
  name: 'grant',
  aliases: ['同意延期'],
  summary: '督查室同意延期（可另定时限），原定时限保留',
  usage: '/grant <编号> [新时限]',
  examples: ['/grant 12', '/同意延期 12 2023-01-15'],
  async apply(ctx) {
    const item = await requireItem(ctx, this.usage);
    const deadline = ctx.argv[1] ? parseNewDeadline(ctx.argv[1], ctx.today, this.usage) : null;
    const outcome = await decideExtension(ctx.app.db, ctx.actor, ctx.now, { id: item.id, grant: true, deadline, note: null }, ctx.app.config);
    requireOk(outcome);
    const message = `✅ 已同意延期，新时限 ${outcome.deadline}`;
    return { message, card: itemCard((await loadCommitment(ctx.app.db, item.id))!, ctx.today, { headline: `${message}。` }) };
  },
});

export const deny = actionCommand({
  name: 'deny',
  aliases: ['不同意延期', '驳回延期'],
  summary: '督查室不同意延期（需写明原因），时限不变',
  usage: '/deny <编号> <原因>',
  examples: ['/deny 12 理由不充分，请按原时限完成'],
  async apply(ctx) {
    const item = await requireItem(ctx, this.usage);
    const reason = noteAfterId(ctx);
    if (!reason) throw refuse(`请写明不同意的原因。用法：${this.usage}`);
    requireOk(await decideExtension(ctx.app.db, ctx.actor, ctx.now, { id: item.id, grant: false, note: reason }, ctx.app.config));
    const message = '⛔ 已不同意延期，时限不变';
    return { message, card: itemCard((await loadCommitment(ctx.app.db, item.id))!, ctx.today, { headline: `${message}。` }) };
  },
});
