import { refuse } from '../src/bot/arguments';
import { requireDepartment } from '../src/register/departments';
import type { Command, CommandContext } from '../src/bot/types';
import { isAdmin, liaisonDepartments } from '../src/register/accounts';
import { groupSubscription, subscribeGroup, unsubscribeGroup } from '../src/register/subscriptions';
import { notice } from '../src/rendering/card';

/**
 * A liaison may give a group its first subscription; once a group has one,
 * only admins change or end it, so nobody re-scopes the office's group.
 */
export async function requireGroupManager(ctx: CommandContext): Promise<void> {
  if (ctx.chat.type !== 'group') throw refuse('请在需要接收周报的群里 @机器人 使用这个命令。');
  if (await isAdmin(ctx.app.db, ctx.app.config, ctx.actor)) return;
  if (!(await liaisonDepartments(ctx.app.db, ctx.actor)).length) throw refuse('只有督查室管理员或部门联络员可以设置群周报。');
  if (await groupSubscription(ctx.app.db, { platform: ctx.chat.platform, chatId: ctx.chat.id })) throw refuse('本群已订阅周报。更改范围或取消订阅只能由督查室管理员办理，请联系督查室。');
}

export const subscribe: Command = {
  name: 'subscribe',
  aliases: ['订阅'],
  summary: '本群订阅每周通报（不写部门则为全部部门）',
  usage: '/subscribe [部门…]',
  examples: ['/subscribe', '/订阅 市发改局 市经信局'],
  async run(ctx) {
    await requireGroupManager(ctx);
    if (ctx.argv.length > 30) throw refuse('一次最多订阅30个部门。');
    const departments = [];
    for (const word of ctx.argv) departments.push(await requireDepartment(ctx.app.db, word));
    const scope = await subscribeGroup(ctx.app.db, { platform: ctx.chat.platform, chatId: ctx.chat.id }, departments, ctx.actor, ctx.now);
    return notice('已订阅周报', `本群将每周收到通报，范围：${scope}。取消请发送 /unsubscribe。`, 'green');
  },
};

export const unsubscribe: Command = {
  name: 'unsubscribe',
  aliases: ['取消订阅', '退订'],
  summary: '本群取消每周通报',
  usage: '/unsubscribe',
  examples: ['/unsubscribe'],
  async run(ctx) {
    await requireGroupManager(ctx);
    if (!(await unsubscribeGroup(ctx.app.db, { platform: ctx.chat.platform, chatId: ctx.chat.id }, ctx.actor, ctx.now))) return notice('未订阅', '本群没有订阅周报。', 'grey');
    return notice('已取消订阅', '本群不再接收每周通报。', 'grey');
  },
};
