import { actionCommand } from '../src/bot/action';
import { noteAfterId, refuse, requireItem } from '../src/bot/arguments';
import { requireOk } from '../src/bot/outcome';
import { itemCard } from '../src/rendering/itemCard';
import { escapeMarkdown } from '../src/rendering/text';
import { loadCommitment } from '../src/register/commitments';
import { returnItem } from '../src/register/lifecycle';
import { notifyLeaders } from '../jobs/notify';

export const returnCommand = actionCommand({
  name: 'return',
  aliases: ['退回', '重办', 'reopen'],
  summary: '督查室退回重办（需写明原因），事项回到办理中',
  usage: '/return <编号> <原因>',
  examples: ['/return 12 佐证材料不全', '/退回 12 未达到排摸率要求'],
  async apply(ctx) {
    const item = await requireItem(ctx, this.usage);
    const reason = noteAfterId(ctx);
    if (!reason) throw refuse(`请写明退回原因。用法：${this.usage}`);
    requireOk(await returnItem(ctx.app.db, ctx.actor, ctx.now, { id: item.id, reason }, ctx.app.config));
    const updated = (await loadCommitment(ctx.app.db, item.id))!;
    await notifyLeaders(ctx.app, updated, `return:${item.id}:${ctx.now.getTime()}`, itemCard(updated, ctx.today, { headline: `↩️ 督查室已退回 #${item.id}，请重新办理。原因：${escapeMarkdown(reason)}` }));
    const message = '↩️ 已退回重办，原因已记录，已通知责任领导';
    return { message, card: itemCard(updated, ctx.today, { headline: `${message}。` }) };
  },
});
