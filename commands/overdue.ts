import { splitPage } from '../src/bot/arguments';
import { requireDepartment } from '../src/register/departments';
import type { Command } from '../src/bot/types';
import { byUrgency, itemState } from '../src/domain/itemState';
import { itemListCard } from '../src/rendering/lists';
import { loadCommitments } from '../src/register/commitments';

export const overdue: Command = {
  name: 'overdue',
  aliases: ['逾期'],
  summary: '逾期未完成的事项（可按部门）',
  usage: '/overdue [部门]',
  examples: ['/overdue', '/逾期 市交通运输局'],
  async run(ctx) {
    const { query, page } = splitPage(ctx.argv);
    const department = query ? await requireDepartment(ctx.app.db, query) : null;
    const items = await loadCommitments(ctx.app.db, department ? { departmentId: department.id } : {});
    const late = byUrgency(items.filter((i) => itemState(i, ctx.today) === 'overdue'));
    return itemListCard(late, {
      title: `${department ? department.name : '全部部门'} 逾期事项（${late.length}）`,
      today: ctx.today,
      page,
      command: `/overdue${department ? ` ${department.name}` : ''}`,
      withSummary: false,
      empty: '🎉 没有逾期事项。',
    });
  },
};
