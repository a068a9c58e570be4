import { actionCommand } from '../src/bot/action';
import { noteAfterId, requireItem, requireRole } from '../src/bot/arguments';
import { requireOk } from '../src/bot/outcome';
import { itemCard } from '../src/rendering/itemCard';
import { evidenceCountOf, loadCommitment } from '../src/register/commitments';
import { reportDone } from '../src/register/lifecycle';

export const done = actionCommand({
  name: 'done',
  aliases: ['完成', '办结'],
  summary: '报送办结（可附说明），由督查室审核后销号',
  usage: '/done <编号> [说明]',
  examples: ['/done 12', '/完成 12 已通过验收'],
  async apply(ctx) {
    const item = await requireItem(ctx, this.usage);
    await requireRole(ctx, item);
    const note = noteAfterId(ctx);
    const outcome = await reportDone(ctx.app.db, ctx.actor, ctx.now, { id: item.id, note: note || null }, ctx.app.config);
    requireOk(outcome);
    const askEvidence = (await evidenceCountOf(ctx.app.db, item.id)) === 0
      ? `请提交佐证材料：发送 /佐证 ${item.id} 文字或链接，或在10分钟内直接发送图片、文件。`
      : '';
    const message = outcome.state === '已办结' ? '✅ 已标记完成' : '📝 已报送办结，等待督查室审核';
    return { message, card: itemCard((await loadCommitment(ctx.app.db, item.id))!, ctx.today, { headline: `${message}。${askEvidence}` }) };
  },
});
