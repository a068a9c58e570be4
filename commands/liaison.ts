import { refuse } from '../src/bot/arguments';
import { requireDepartment } from '../src/register/departments';
import type { Command } from '../src/bot/types';
import { isAdmin } from '../src/register/accounts';
import { addLiaison, liaisonsOf, removeLiaison } from '../src/register/liaisons';
import { notice } from '../src/rendering/card';
import { escapeMarkdown } from '../src/rendering/text';

export const liaison: Command = {
  name: 'liaison',
  aliases: ['联络员'],
  summary: '指定或查看部门联络员（联络员可代领导报送进展、提交佐证）',
  usage: '/liaison <部门> [@某人] [移除]',
  examples: ['/liaison 市发改局 @张三', '/联络员 发改', '/liaison 发改 @张三 移除'],
  async run(ctx) {
    const words = ctx.argv.filter((w) => w !== '移除');
    if (!words.length) throw refuse(`请给出部门。用法：${this.usage}`);
    const department = await requireDepartment(ctx.app.db, words.join(''));
    const mention = ctx.mentions[0];
    if (!mention) {
      const liaisons = await liaisonsOf(ctx.app.db, department.id);
      return notice(`${department.name} 联络员`, liaisons.length ? liaisons.map((l) => `· ${escapeMarkdown(l.displayName ?? l.userId)}`).join('\n') : '还没有指定联络员。');
    }
    if (!(await isAdmin(ctx.app.db, ctx.app.config, ctx.actor))) {
      throw refuse('只有督查室管理员可以指定联络员。');
    }
    const change = { department, platform: ctx.chat.platform, userId: mention.id, displayName: mention.name, actor: ctx.actor, now: ctx.now };
    if (ctx.argv.includes('移除')) {
      await removeLiaison(ctx.app.db, change);
      return notice('已移除', `${escapeMarkdown(mention.name)} 不再是 ${department.name} 的联络员。`, 'grey');
    }
    await addLiaison(ctx.app.db, change);
    return notice('已指定联络员', `${escapeMarkdown(mention.name)} 现在是 **${department.name}** 的联络员，可为本部门事项报送进展、提交佐证。`, 'green');
  },
};
