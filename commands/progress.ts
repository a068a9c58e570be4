import { noteAfterId, refuse, requireItem, requireRole } from '../src/bot/arguments';
import type { Command } from '../src/bot/types';
import { readProgress } from '../src/domain/progress';
import { itemCard } from '../src/rendering/itemCard';
import { echo } from '../src/rendering/text';
import { reportProgress } from '../src/register/changes';
import { loadCommitment } from '../src/register/commitments';

export const progress: Command = {
  name: 'progress',
  aliases: ['进展', '反馈'],
  summary: '报送进展（百分比、几成或完成数量），事项转为推进中',
  usage: '/progress <编号> <百分比或数值> [说明]',
  examples: ['/progress 12 60%', '/进展 12 六成', '/进展 12 已建成180个 剩余年底前完成'],
  async run(ctx) {
    const item = await requireItem(ctx, this.usage);
    await requireRole(ctx, item);
    if (item.status === '已办结' || item.status === '待审核') {
      const why = item.status === '已办结' ? '已办结' : '已报送办结、等待督查室审核';
      throw refuse(`#${item.id} ${why}，不再报送进展。需要重新办理的，由督查室发送 /退回 ${item.id} 原因；补充材料请用 /evidence ${item.id}。`);
    }
    const raw = ctx.argv[1];
    if (!raw) throw refuse(`请给出进度，例如 60%、六成 或 已建成180个。用法：${this.usage}`);
    const reading = readProgress(raw, item.text);
    if (reading.kind === 'invalid') {
      const why = reading.reason === 'negative' ? '进度不能为负数' : '百分比应在 0–100 之间（如 60%、六成），数值应包含数字（如 已建成180个）';
      throw refuse(`“${echo(raw, 20)}”不是有效的进度：${why}。`);
    }
    if (reading.kind === 'ambiguous') {
      const n = reading.number;
      throw refuse(`“${n}”是百分比还是完成数量？#${item.id} 没有可对照的数量目标。请写 /progress ${item.id} ${n}% 或 /progress ${item.id} 已完成${n}个（带上单位）。`);
    }
    const parsed = { percent: reading.percent, value: reading.kind === 'value' ? reading.value : null };
    const note = noteAfterId(ctx).replace(/^\S+\s*/, '') || null;
    await reportProgress(ctx.app.db, ctx.actor, ctx.now, item.id, { ...parsed, note });
    return itemCard((await loadCommitment(ctx.app.db, item.id))!, ctx.today, {
      headline: `📈 已记录进展：${[parsed.value && echo(parsed.value, 30), parsed.percent !== null && `${parsed.percent}%`].filter(Boolean).join('，约')}`,
    });
  },
};
