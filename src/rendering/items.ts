import { daysBetween } from '../clock';
import { Colour, completedOn, ItemState, itemSignal, Summary } from '../domain/itemState';
import { daysLate } from '../domain/lifecycle';
import type { CommitmentView } from '../register/commitments';
import type { Tone } from './card';
import { clip, escapeMarkdown } from './text';
import { monthDay } from '../domain/chineseDate';
import { NO_DEPARTMENT } from '../domain/departmentNames';

/** The tone of a card about one item. */
export const STATE_TONE: Record<ItemState, Tone> = {
  done: 'green', done_late: 'orange', review: 'blue', overdue: 'red', due_very_soon: 'yellow', lagging: 'yellow', due_soon: 'blue',
  in_progress: 'blue', pending: 'grey', unacknowledged: 'grey',
};

/** The colour's tone, for a card about several items. */
export const COLOUR_TONE: Record<Colour, Tone> = { red: 'red', yellow: 'yellow', blue: 'blue', green: 'green', none: 'grey' };

type Dated = Pick<CommitmentView, 'deadline' | 'deadlineText' | 'status' | 'completedAt'> & Partial<Pick<CommitmentView, 'originalDeadline'>>;

/** The state's label; a late completion names its days late: 逾期办结（5天）. */
export function stateLabel(item: Dated & Pick<CommitmentView, 'progressPercent'>, today: string): string {
  const signal = itemSignal(item, today);
  if (signal.state === 'done_late') return `逾期办结（${daysLate(item, completedOn(item))}天）`;
  return signal.label;
}


export function formatDeadline(item: Dated, today: string): string {
  if (!item.deadline) return item.deadlineText ? `${escapeMarkdown(item.deadlineText)}（无具体日期）` : '未定时限';
  const original = item.originalDeadline ? `，原定时限${monthDay(item.originalDeadline)}` : '';
  // A finished or reported item is no longer counting down.
  if (item.status === '已办结' || item.status === '待审核') return `${monthDay(item.deadline)}${original ? `（${original.slice(1)}）` : ''}`;
  const days = daysBetween(today, item.deadline);
  const when = days < 0 ? `逾期${-days}天` : days === 0 ? '今天到期' : `剩${days}天`;
  return `${monthDay(item.deadline)}（${when}${original}）`;
}

export function leaderNames(item: Pick<CommitmentView, 'leaders'>): string {
  return item.leaders.length ? item.leaders.map((l) => escapeMarkdown(l.name)).join('、') : '待核定';
}

/** One line per item in lists: mark, short id, text, deadline, leaders. */
export function itemLine(item: CommitmentView, today: string, textLength = 40): string {
  const { state, mark } = itemSignal(item, today);
  const progress = state === 'in_progress' || state === 'overdue' || state === 'due_very_soon' || state === 'lagging' || state === 'due_soon' ? (item.progressPercent !== null ? ` ${item.progressPercent}%` : '') : '';
  const closed = state === 'done_late' || state === 'review' || state === 'unacknowledged' ? ` · ${stateLabel(item, today)}` : '';
  return `${mark} **#${item.id}** ${escapeMarkdown(clip(item.text, textLength))}\n` +
    `　　${formatDeadline(item, today)} · ${leaderNames(item)}${progress}${closed}${item.needsReview ? ' · ⚠待核对' : ''}`;
}

/** The office's counts in one line; 待审核 and 延期 only when there are any. */
export function countsLine(s: Summary): string {
  return [
    `已办结 ${s.done}${s.done ? `（按时 ${s.doneOnTime} · 逾期 ${s.doneLate}）` : ''}`,
    s.awaitingReview ? `待审核 ${s.awaitingReview}` : null,
    `办理中 ${s.inProgress}`,
    `逾期未办结 ${s.overdue}`,
    s.extended ? `延期 ${s.extended}` : null,
  ].filter(Boolean).join(' · ');
}

export function summaryLine(s: Summary): string {
  return `共 **${s.total}** 项 · ${countsLine(s)} · 7天内到期 ${s.dueSoon} · 完成率 **${s.rate}%**`;
}

/** Item id → department name, for a card that may be cut to fit (see fitCard). */
export function departmentsOf(items: Pick<CommitmentView, 'id' | 'departmentName'>[]): Record<number, string> {
  return Object.fromEntries(items.map((i) => [i.id, i.departmentName ?? NO_DEPARTMENT]));
}
