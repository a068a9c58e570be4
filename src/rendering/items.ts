import { daysBetween } from '../clock';
import { ItemState, itemState, Summary } from '../domain/itemState';
import type { CommitmentView } from '../register/commitments';
import type { Tone } from './card';
import { clip, escapeMarkdown } from './text';

export const STATE_MARK: Record<ItemState, string> = {
  done: '✅', overdue: '🔴', due_soon: '🔵', in_progress: '🟡', pending: '⚪',
};

export const STATE_LABEL: Record<ItemState, string> = {
  done: '已完成', overdue: '已逾期', due_soon: '临期', in_progress: '推进中', pending: '未开始',
};

export const STATE_TONE: Record<ItemState, Tone> = {
  done: 'green', overdue: 'red', due_soon: 'blue', in_progress: 'yellow', pending: 'grey',
};

export function formatDeadline(item: Pick<CommitmentView, 'deadline' | 'deadlineText' | 'status'>, today: string): string {
  if (!item.deadline) return item.deadlineText ? `${escapeMarkdown(item.deadlineText)}（无具体日期）` : '未定时限';
  // A finished item is no longer counting down.
  if (item.status === 'done') return `${item.deadline.slice(5).replace('-', '月')}日`;
  const days = daysBetween(today, item.deadline);
  const when = days < 0 ? `逾期${-days}天` : days === 0 ? '今天到期' : `剩${days}天`;
  return `${item.deadline.slice(5).replace('-', '月')}日（${when}）`;
}

export function leaderNames(item: Pick<CommitmentView, 'leaders'>): string {
  return item.leaders.length ? item.leaders.map((l) => escapeMarkdown(l.name)).join('、') : '待核定';
}

/** One line per item in lists: mark, short id, text, deadline, leaders. */
export function itemLine(item: CommitmentView, today: string, textLength = 40): string {
  const state = itemState(item, today);
  const progress = item.status === 'in_progress' && item.progressPercent !== null ? ` ${item.progressPercent}%` : '';
  return `${STATE_MARK[state]} **#${item.id}** ${escapeMarkdown(clip(item.text, textLength))}\n` +
    `　　${formatDeadline(item, today)} · ${leaderNames(item)}${progress}${item.needsReview ? ' · ⚠待核对' : ''}`;
}

export function summaryLine(s: Summary): string {
  return `共 **${s.total}** 项 · 完成 ${s.done} · 推进中 ${s.inProgress} · 逾期 ${s.overdue} · 7天内到期 ${s.dueSoon} · 完成率 **${s.rate}%**`;
}
