import { Reply, requireDepartment } from '../src/bot/arguments';
import type { Command } from '../src/bot/types';
import { isAdmin } from '../src/domain/permissions';
import { logActivity } from '../src/register/activityLog';
import { notice, refusal } from '../src/rendering/card';
import { escapeMarkdown } from '../src/rendering/text';

export const liaison: Command = {
  name: 'liaison',
  aliases: ['联络员'],
  summary: '指定或查看部门联络员（联络员可代领导报送进展、提交佐证）',
  usage: '/liaison <部门> [@某人] [移除]',
  examples: ['/liaison 市发改局 @张三', '/联络员 发改', '/liaison 发改 @张三 移除'],
  async run(ctx) {
    const words = ctx.argv.filter((w) => w !== '移除');
    if (!words.length) throw new Reply(refusal(`请给出部门。用法：${this.usage}`));
    const department = await requireDepartment(ctx, words.join(''));
    const mention = ctx.mentions[0];
    if (!mention) {
      const rows = await ctx.app.db.selectFrom('liaisons').selectAll().where('department_id', '=', department.id).execute();
      return notice(`${department.name} 联络员`, rows.length ? rows.map((r) => `· ${escapeMarkdown(r.display_name ?? r.user_id)}`).join('\n') : '还没有指定联络员。');
    }
    if (!(await isAdmin(ctx.app.db, ctx.app.config, ctx.actor))) {
      throw new Reply(refusal('只有督查室管理员可以指定联络员。'));
    }
    const where = { department_id: department.id, platform: ctx.chat.platform, user_id: mention.id };
    if (ctx.argv.includes('移除')) {
      await ctx.app.db.deleteFrom('liaisons').where('department_id', '=', where.department_id)
        .where('platform', '=', where.platform).where('user_id', '=', where.user_id).execute();
      await logActivity(ctx.app.db, { actor: ctx.actor, at: ctx.now, action: 'liaison.remove', summary: `移除 ${department.name} 联络员 ${mention.name}` });
      return notice('已移除', `${escapeMarkdown(mention.name)} 不再是 ${department.name} 的联络员。`, 'grey');
    }
    await ctx.app.db.insertInto('liaisons').values({ ...where, display_name: mention.name })
      .onConflict((oc) => oc.columns(['department_id', 'platform', 'user_id']).doUpdateSet({ display_name: mention.name })).execute();
    await logActivity(ctx.app.db, { actor: ctx.actor, at: ctx.now, action: 'liaison.add', summary: `指定 ${mention.name} 为 ${department.name} 联络员` });
    return notice('已指定联络员', `${escapeMarkdown(mention.name)} 现在是 **${department.name}** 的联络员，可为本部门事项报送进展、提交佐证。`, 'green');
  },
};
