import { daysBetween, shanghai } from '../clock';
import { itemSignal } from '../domain/itemState';
import type { CommitmentView } from '../register/commitments';
import { stateLabel } from '../rendering/items';
import { Html, html } from './html';

export const COLOUR_LABEL = { red: '红', yellow: '黄', blue: '蓝' } as const;

export const time = (at: Date | string | null) => (at ? shanghai(new Date(at)).format('YYYY-MM-DD HH:mm') : '—');

export function deadlineCell(item: Pick<CommitmentView, 'deadline' | 'deadlineText' | 'status'> & { originalDeadline?: string | null }, today: string): Html {
  const original = item.originalDeadline && item.originalDeadline !== item.deadline ? html`<br><small>原定时限 ${item.originalDeadline}</small>` : '';
  if (!item.deadline) return html`${item.deadlineText ? `${item.deadlineText}（无具体日期）` : '未定时限'}${original}`;
  if (item.status === '已办结' || item.status === '待审核') return html`${item.deadline}${original}`;
  const days = daysBetween(today, item.deadline);
  const when = days < 0 ? `逾期${-days}天` : days === 0 ? '今天到期' : `剩${days}天`;
  return html`${item.deadline}<br><small>${when}</small>${original}`;
}

type Badged = Pick<CommitmentView, 'status' | 'deadline' | 'deadlineText' | 'progressPercent' | 'completedAt'> & { originalDeadline?: string | null; startedOn?: string | null };

/** The state label and its 三色 dot, as itemSignal decides them for the cards. */
export function stateBadge(item: Badged, today: string): Html {
  const { state, colour } = itemSignal(item, today);
  const dot = colour === 'red' || colour === 'yellow' || colour === 'blue' ? colour : null;
  return html`<span class="state ${state}">${stateLabel(item, today)}</span>${dot ? html` <span class="dot ${dot}" title="${COLOUR_LABEL[dot]}色预警">${COLOUR_LABEL[dot]}</span>` : ''}`;
}

export function leadersCell(item: Pick<CommitmentView, 'leaders'>): Html {
  return item.leaders.length
    ? html`${item.leaders.map((l, i) => html`${i ? '、' : ''}<a href="/console/leaders/${l.id}">${l.name}</a>`)}`
    : html`<span class="muted">待核定</span>`;
}

/** A query string from the current one with some keys changed; empty values dropped. */
export function withQuery(base: string, query: Record<string, string | undefined>, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...query, ...changes })) if (v) params.set(k, v);
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

export function clipText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}
