import { shanghai } from '../clock';
import { itemSignal } from '../domain/itemState';
import type { CommitmentView } from '../register/commitments';
import { Button, Card, markdown } from './card';
import { consoleLinkBlock } from './consoleLink';
import { formatDeadline, leaderNames, STATE_TONE, stateLabel } from './items';
import { lifecycleButtons } from './lifecycleButtons';
import { clip, escapeMarkdown } from './text';

export interface EvidenceLine {
  kind: string;
  content: string | null;
  fileName: string | null;
  actorName: string | null;
  createdAt: Date;
}

export interface TimelineLine {
  at: Date;
  actorName: string | null;
  summary: string | null;
}

const time = (at: Date) => shanghai(at).format('M月D日 HH:mm');

/** Evidence listed on an item's card, the latest; the console lists it all. */
const EVIDENCE_SHOWN = 10;

export function itemButtons(item: CommitmentView): Button[] {
  const open = item.status === '办理中' || item.status === '待签收';
  const buttons: Button[] = [];
  if (item.status === '待签收') buttons.push(...lifecycleButtons(item.id, ['ack']));
  if (open) buttons.push({ label: '标记完成', value: { action: 'done', id: item.id }, command: `/done ${item.id}`, style: 'primary' });
  buttons.push({ label: '提交佐证', value: { action: 'evidence', id: item.id }, command: `/evidence ${item.id} 文字或链接` });
  if (open) buttons.push({ label: '报送进展', value: { action: 'progress', id: item.id }, command: `/progress ${item.id} 60% 说明` });
  return buttons;
}

/** One item in full: what, who, when, state, and optionally its evidence and timeline. */
export function itemCard(
  item: CommitmentView,
  today: string,
  extra: { headline?: string; evidence?: EvidenceLine[]; timeline?: TimelineLine[]; coDepartments?: string[] } = {},
): Card {
  const { state, mark } = itemSignal(item, today);
  const facts = [
    `**部门**：${escapeMarkdown(item.departmentName ?? '未定')}${item.category ? ` · ${item.category}` : ''}${item.seq ? ` · 第${item.seq}项` : ''}`,
    `**完成时限**：${formatDeadline(item, today)}${item.deadlineText && item.deadline ? `（原文：${escapeMarkdown(item.deadlineText)}）` : ''}`,
    `**责任领导**：${leaderNames(item)}`,
    `**状态**：${mark} ${stateLabel(item, today)}${item.progressPercent !== null && item.status === '办理中' ? ` · 进度 ${item.progressPercent}%` : ''}`,
  ];
  if (item.source !== '公开承诺') facts.push(`**来源**：${escapeMarkdown(item.source)}`);
  if (extra.coDepartments?.length) facts.push(`**协办单位**：${extra.coDepartments.map(escapeMarkdown).join('、')}`);
  if (item.needsReview) facts.push(`**⚠ 待核对**：${item.reviewReasons.map(escapeMarkdown).join('；')}`);
  const blocks = [];
  if (extra.headline) blocks.push(markdown(extra.headline));
  blocks.push(markdown(escapeMarkdown(item.text)), markdown(facts.join('\n')));
  if (extra.evidence) {
    blocks.push({ kind: 'divider' as const });
    const shown = extra.evidence.slice(-EVIDENCE_SHOWN);
    blocks.push(markdown(extra.evidence.length
      ? `**佐证材料（${extra.evidence.length}）**${shown.length < extra.evidence.length ? `　以下为最近 ${shown.length} 份` : ''}\n` + shown.map((e) =>
        `· ${time(e.createdAt)} ${escapeMarkdown(e.actorName ?? '')}：${e.kind === 'file' || e.kind === 'image' ? `[${e.kind === 'image' ? '图片' : '文件'}] ${escapeMarkdown(e.fileName ?? '')}` : escapeMarkdown(clip(e.content ?? '', 200))}`).join('\n')
      : '**佐证材料**：暂无'));
  }
  if (extra.timeline) {
    blocks.push({ kind: 'divider' as const });
    blocks.push(markdown(`**办理记录**\n` + (extra.timeline.map((t) =>
      `· ${time(t.at)} ${escapeMarkdown(t.actorName ?? '')} ${escapeMarkdown(clip(t.summary ?? '', 120))}`).join('\n') || '暂无')));
  }
  const link = consoleLinkBlock(item.id);
  if (link) blocks.push(link);
  return {
    title: `#${item.id} ${clip(item.text, 20)}`, tone: STATE_TONE[state], blocks, buttons: itemButtons(item), commitmentId: item.id,
    entryNoun: '条记录', consolePath: `/console/items/${item.id}`,
  };
}
