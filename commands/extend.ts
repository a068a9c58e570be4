import { refuse, requireItem, requireRole } from '../src/bot/arguments';
import { parseNewDeadline, requireOk } from '../src/bot/outcome';
import type { Command } from '../src/bot/types';
import { itemCard } from '../src/rendering/itemCard';
import { loadCommitment } from '../src/register/commitments';
import { requestExtension } from '../src/register/extensions';

export const extend: Command = {
  name: 'extend',
  aliases: ['延期'],
  summary: '申请延期（新时限和理由），由督查室审批',
  usage: '/extend <编号> <新时限> <理由>',
  examples: ['/extend 12 2023-01-31 受疫情影响施工暂停', '/延期 12 1月31日 设备到货推迟'],
  async run(ctx) {
    const item = await requireItem(ctx, this.usage);
    await requireRole(ctx, item);
    const deadline = parseNewDeadline(ctx.argv[1], ctx.today, this.usage);
    const reason = ctx.argv.slice(2).join(' ').trim();
    if (!reason) throw refuse(`请写明延期理由。用法：${this.usage}`);
    if ([...reason].length > 500) throw refuse(`理由太长了（${[...reason].length}字），请控制在500字以内。`);
    const outcome = await requestExtension(ctx.app.db, ctx.actor, ctx.now, { id: item.id, deadline, reason, today: ctx.today }, ctx.app.config);
    requireOk(outcome);
    const late = item.deadline && item.deadline < ctx.today ? '（已过原时限，申请已注明）' : '';
    return itemCard((await loadCommitment(ctx.app.db, item.id))!, ctx.today, {
      headline: `🕒 已提交延期申请：新时限 ${deadline}${late}，等待督查室审批。审批前时限不变。`,
    });
  },
};
