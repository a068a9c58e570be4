import fs from 'node:fs';
import path from 'node:path';
import { requireDepartment } from '../src/register/departments';
import type { Command, CommandContext } from '../src/bot/types';
import { addDays } from '../src/clock';
import { monthDay } from '../src/domain/chineseDate';
import { lastFullWeek } from '../src/domain/workdays';
import { Card, notice } from '../src/rendering/card';
import { buildDigest } from '../src/report/digest';
import { queueReportFile } from '../src/report/reportFileMessage';
import { buildWeeklyReport } from '../src/report/weeklyReport';
import { groupSubscription } from '../src/register/subscriptions';

const DOCUMENT_WORDS = new Set(['文档', 'doc', 'docx', 'word']);

/** `/周报 文档`: last week's 督查通报 as a Word file, sent through the outbox (the local shell saves it instead). */
async function sendDocument(ctx: CommandContext): Promise<Card> {
  if (ctx.chat.platform === 'shell') {
    const report = await buildWeeklyReport(ctx.app, { week: lastFullWeek(ctx.today), actor: ctx.actor });
    const dir = path.join(ctx.app.config.dataDir, '通报');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, report.fileName), report.docx);
    return notice('督查通报', `已生成${report.fileName}，保存在 ${path.join(dir, report.fileName)}`, 'blue');
  }
  const target = ctx.chat.type === 'group' ? { kind: 'chat' as const, id: ctx.chat.id } : { kind: 'user' as const, id: ctx.actor.id };
  const week = await queueReportFile(ctx.app.db, ctx.chat.platform, target, ctx.today, ctx.now);
  return notice('督查通报', `正在生成督查通报（${monthDay(week)}至${monthDay(addDays(week, 6))}），稍后以 Word 文件发送${ctx.chat.type === 'group' ? '到本群' : '给您'}。`, 'blue');
}

export const digest: Command = {
  name: 'digest',
  aliases: ['周报', '通报'],
  summary: '立即查看周报（群内按本群订阅的部门，也可指定部门）；/周报 文档 发送上周督查通报 Word 文件',
  usage: '/digest [部门…] | /digest 文档',
  examples: ['/digest', '/周报 市发改局 市经信局', '/周报 文档'],
  async run(ctx) {
    if (ctx.argv.length === 1 && DOCUMENT_WORDS.has(ctx.argv[0].toLowerCase())) return sendDocument(ctx);
    let departmentIds: number[] = [];
    if (ctx.argv.length) {
      for (const word of ctx.argv.slice(0, 30)) departmentIds.push((await requireDepartment(ctx.app.db, word)).id);
    } else if (ctx.chat.type === 'group') {
      departmentIds = (await groupSubscription(ctx.app.db, { platform: ctx.chat.platform, chatId: ctx.chat.id }))?.departmentIds ?? [];
    }
    departmentIds = [...new Set(departmentIds)];
    return (await buildDigest(ctx.app, departmentIds, ctx.today, ctx.chat.platform)) ?? notice('周报', '所选范围内还没有承诺事项。', 'grey');
  },
};
