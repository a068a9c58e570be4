import { howToIdentify } from '../src/bot/arguments';
import type { Command } from '../src/bot/types';
import { byUrgency } from '../src/domain/itemState';
import { leaderOf, liaisonDepartments } from '../src/register/accounts';
import { notice } from '../src/rendering/card';
import { itemListCard } from '../src/rendering/lists';
import { loadCommitments } from '../src/register/commitments';

export const mine: Command = {
  name: 'mine',
  aliases: ['我的'],
  summary: '我负责的事项（逾期和临近的排在前面）',
  usage: '/mine [页码]',
  examples: ['/mine', '/我的'],
  async run(ctx) {
    const page = Number(ctx.argv[0]?.normalize('NFKC')) || 1;
    const leader = await leaderOf(ctx.app.db, ctx.actor);
    const departments = await liaisonDepartments(ctx.app.db, ctx.actor);
    if (!leader && !departments.length) {
      return notice('我的事项', `还不知道您是哪位责任领导。${howToIdentify(ctx.actor)}`);
    }
    const own = leader ? await loadCommitments(ctx.app.db, { leaderId: leader.id }) : [];
    const liaison = departments.length ? await loadCommitments(ctx.app.db, { departmentIds: departments }) : [];
    const seen = new Set<number>();
    const items = [...own, ...liaison].filter((i) => !seen.has(i.id) && seen.add(i.id));
    return itemListCard(byUrgency(items), {
      title: leader ? `${leader.name} 负责的事项` : '我联络的部门事项',
      today: ctx.today,
      page,
      command: '/mine',
      empty: '没有需要您负责的事项。',
    });
  },
};
