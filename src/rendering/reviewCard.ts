import { shanghai } from '../clock';
import type { ReviewQueue } from '../register/reviewQueue';
import { Block, Card, markdown } from './card';
import { departmentsOf, formatDeadline, leaderNames } from './items';
import { lifecycleButtons } from './lifecycleButtons';
import { clip, escapeMarkdown } from './text';
import { NO_DEPARTMENT } from '../domain/departmentNames';

const MAX_ENTRIES = 15;
const when = (at: Date) => shanghai(at).format('M月D日');

/** The office's queue in one card, oldest first in each section, each entry with its buttons. */
export function reviewCard(queue: ReviewQueue, today: string): Card {
  const blocks: Block[] = [];
  let shown = 0;
  const entry = (text: string, buttons: ReturnType<typeof lifecycleButtons>) => {
    if (shown++ >= MAX_ENTRIES) return;
    blocks.push(markdown(text), { kind: 'buttons', buttons });
  };
  const total = queue.reports.length + queue.extensions.length + queue.unacknowledged.length;
  if (!total) return { title: '待审核事项', tone: 'green', blocks: [markdown('没有等待督查室处理的事项。')] };
  blocks.push(markdown(`待审核办结 **${queue.reports.length}** · 延期申请 **${queue.extensions.length}** · 逾时未签收 **${queue.unacknowledged.length}**`));
  for (const item of queue.reports) {
    entry(`📝 **#${item.id}** ${escapeMarkdown(clip(item.text, 40))}\n　　${escapeMarkdown(item.departmentName ?? NO_DEPARTMENT)} · ${leaderNames(item)} · ${when(item.completedAt ?? item.updatedAt)}报送办结 · 时限 ${formatDeadline(item, today)}`,
      lifecycleButtons(item.id, ['approve', 'return']));
  }
  for (const { request, item } of queue.extensions) {
    entry(`🕒 **#${item.id}** ${escapeMarkdown(clip(item.text, 40))}\n　　${escapeMarkdown(request.requestedBy)} ${when(request.requestedAt)}申请延期至 ${request.requestedDeadline}${request.afterDeadline ? '（逾期后申请）' : ''}：${escapeMarkdown(clip(request.reason, 60))} · 现时限 ${formatDeadline(item, today)}`,
      lifecycleButtons(item.id, ['grant', 'deny']));
  }
  for (const item of queue.unacknowledged) {
    entry(`📨 **#${item.id}** ${escapeMarkdown(clip(item.text, 40))}\n　　${escapeMarkdown(item.departmentName ?? NO_DEPARTMENT)} · ${leaderNames(item)} · ${when(item.createdAt)}交办，尚未签收`,
      lifecycleButtons(item.id, ['urge']));
  }
  if (shown > MAX_ENTRIES) blocks.push(markdown(`……另有 ${shown - MAX_ENTRIES} 项，处理后再发送 /review 查看`));
  const items = [...queue.reports, ...queue.extensions.map((e) => e.item), ...queue.unacknowledged];
  return {
    title: `待督查室处理（${total}）`, tone: 'blue', blocks,
    departments: departmentsOf(items), seeAll: '/review', seeAllHint: '处理后再发送 /review 查看其余事项。', consolePath: '/console/queue',
  };
}
