import { refuse } from '../src/bot/arguments';
import type { Command } from '../src/bot/types';
import { isAdmin } from '../src/register/accounts';
import { reviewCard } from '../src/rendering/reviewCard';
import { reviewQueue } from '../src/register/reviewQueue';

export const review: Command = {
  name: 'review',
  aliases: ['审核'],
  summary: '督查室待办：待审核的办结、延期申请、逾时未签收的交办事项',
  usage: '/review',
  examples: ['/review', '/审核'],
  async run(ctx) {
    if (!(await isAdmin(ctx.app.db, ctx.app.config, ctx.actor))) throw refuse('只有督查室可以查看审核队列。');
    return reviewCard(await reviewQueue(ctx.app.db, ctx.today, ctx.app.config.lifecycle.ackWithinWorkdays), ctx.today);
  },
};
