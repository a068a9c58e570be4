import { refuse } from '../src/bot/arguments';
import type { Command } from '../src/bot/types';
import { addDays } from '../src/clock';
import { byUrgency } from '../src/domain/itemState';
import { OPEN_STATES } from '../src/domain/lifecycle';
import { itemListCard } from '../src/rendering/lists';
import { echo } from '../src/rendering/text';
import { loadCommitments } from '../src/register/commitments';

export const due: Command = {
  name: 'due',
  aliases: ['临期', '到期'],
  summary: '未来若干天内到期、尚未完成的事项（默认7天）',
  usage: '/due [天数]',
  examples: ['/due', '/临期 30'],
  async run(ctx) {
    const raw = ctx.argv[0]?.normalize('NFKC').replace(/天$/, '');
    const days = raw === undefined ? 7 : Number(raw);
    if (!Number.isInteger(days) || days < 1 || days > 366) {
      throw refuse(`“${echo(ctx.argv[0] ?? '', 20)}”不是有效天数，请输入 1 到 366 之间的整数，例如 /due 30。`);
    }
    const until = addDays(ctx.today, days);
    const items = (await loadCommitments(ctx.app.db, { statuses: OPEN_STATES }))
      .filter((i) => i.deadline !== null && i.deadline >= ctx.today && i.deadline <= until);
    return itemListCard(byUrgency(items), {
      title: `${days}天内到期的事项（${items.length}）`,
      today: ctx.today,
      page: Number(ctx.argv[1]?.normalize('NFKC')) || 1,
      command: `/due ${days}`,
      withSummary: false,
      empty: `未来${days}天没有到期的未完成事项。`,
    });
  },
};
