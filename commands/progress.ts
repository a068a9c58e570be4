import { noteAfterId, Reply, requireItem, requireRole } from '../src/bot/arguments';
import type { Command } from '../src/bot/types';
import { refusal } from '../src/rendering/card';
import { itemCard } from '../src/rendering/itemCard';
import { echo } from '../src/rendering/text';
import { reportProgress } from '../src/register/changes';
import { loadCommitment } from '../src/register/commitments';

/** "60%", "６０％", "60" → a percentage; "已完成180个" → a reported value. */
export function parseProgress(text: string): { percent: number | null; value: string | null } | null {
  const normalised = text.normalize('NFKC');
  const percent = /^(\d{1,3})(?:\.\d+)?%?$/.exec(normalised);
  if (percent) {
    const n = Number(percent[1]);
    return n <= 100 ? { percent: n, value: null } : null;
  }
  if (/\d/.test(normalised) && [...normalised].length <= 30) return { percent: null, value: normalised };
  return null;
}

export const progress: Command = {
  name: 'progress',
  aliases: ['进展', '反馈'],
  summary: '报送进展（百分比或完成数值），事项转为推进中',
  usage: '/progress <编号> <百分比或数值> [说明]',
  examples: ['/progress 12 60%', '/进展 12 已建成180个 剩余年底前完成'],
  async run(ctx) {
    const item = await requireItem(ctx, this.usage);
    await requireRole(ctx, item);
    const raw = ctx.argv[1];
    if (!raw) throw new Reply(refusal(`请给出进度，例如 60% 或 已建成180个。用法：${this.usage}`));
    const parsed = parseProgress(raw);
    if (!parsed) throw new Reply(refusal(`“${echo(raw, 20)}”不是有效的进度：百分比应在 0–100 之间（如 60%），数值应包含数字（如 已建成180个）。`));
    const note = noteAfterId(ctx).replace(/^\S+\s*/, '') || null;
    await reportProgress(ctx.app.db, ctx.actor, ctx.now, item.id, { ...parsed, note });
    return itemCard((await loadCommitment(ctx.app.db, item.id))!, ctx.today, {
      headline: `📈 已记录进展：${parsed.percent !== null ? `${parsed.percent}%` : echo(parsed.value!, 30)}`,
    });
  },
};
