import { actionCommand } from '../src/bot/action';
import { noteAfterId, requireItem } from '../src/bot/arguments';
import { requireOk } from '../src/bot/outcome';
import { itemCard } from '../src/rendering/itemCard';
import { escapeMarkdown } from '../src/rendering/text';
import { recordUrge } from '../src/register/lifecycle';
import { notifyLeaders } from '../jobs/notify';

export const urge = actionCommand({
  name: 'urge',
  aliases: ['催办'],
  summary: '督查室向责任领导发送催办（飞书加急），每个事项每天一次',
  usage: '/urge <编号> [说明]',
  examples: ['/urge 12', '/催办 12 请本周内报送进展'],
  async apply(ctx) {
    const item = await requireItem(ctx, this.usage);
    const note = noteAfterId(ctx, 200);
    requireOk(await recordUrge(ctx.app.db, ctx.actor, ctx.now, { id: item.id, note: note || null }, ctx.app.config));
    const card = { ...itemCard(item, ctx.today, { headline: `📣 **督查室催办**：请尽快办理并报送进展。${note ? `\n说明：${escapeMarkdown(note)}` : ''}` }), tone: 'orange' as const };
    const queued = await notifyLeaders(ctx.app, item, `urge:${item.id}:${ctx.today}`, card, 'urge', { sms: ctx.app.config.lifecycle.urgeSms });
    const message = queued
      ? `📣 已向 #${item.id} 的责任领导发送催办（${queued} 人${ctx.app.config.lifecycle.urgeSms ? '，含短信加急' : '，应用内加急'}）`
      : `📣 已记录催办，但 #${item.id} 的责任领导尚未绑定账号、部门也没有联络员，请电话催办`;
    return { message, card: itemCard(item, ctx.today, { headline: `${message}。` }) };
  },
});
