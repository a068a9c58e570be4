import { summarise } from '../domain/itemState';
import type { CommitmentView } from '../register/commitments';
import { Button, Card, markdown, Tone } from './card';
import { departmentsOf, itemLine, summaryLine } from './items';

export const PAGE_SIZE = 15;

export interface ListOptions {
  title: string;
  today: string;
  page?: number;
  /** The command that shows this list, for the paging buttons: `/status 市发改局`. */
  command: string;
  withSummary?: boolean;
  empty?: string;
}

/** A list of items with counts, paged so that a card stays well inside Feishu's limits. */
export function itemListCard(items: CommitmentView[], options: ListOptions): Card {
  const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page ?? 1), pages);
  const shown = items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const summary = summarise(items, options.today);
  const tone: Tone = summary.overdue ? 'red' : summary.dueSoon ? 'blue' : summary.total && summary.done === summary.total ? 'green' : 'blue';
  const blocks = [];
  if (options.withSummary !== false) blocks.push(markdown(summaryLine(summary)));
  blocks.push(markdown(shown.length ? shown.map((i) => itemLine(i, options.today)).join('\n') : options.empty ?? '（没有事项）'));
  if (pages > 1) blocks.push(markdown(`第 ${page}/${pages} 页`));
  return { title: options.title, tone, blocks, buttons: pageButtons(options.command, page, pages), departments: departmentsOf(shown), seeAll: options.command };
}

/** 上一页 / 下一页 for a paged card: each runs `command page`. */
export function pageButtons(command: string, page: number, pages: number): Button[] {
  const buttons: Button[] = [];
  if (page > 1) buttons.push({ label: '上一页', value: { action: 'page', command, page: page - 1 }, command: `${command} ${page - 1}` });
  if (page < pages) buttons.push({ label: '下一页', value: { action: 'page', command, page: page + 1 }, command: `${command} ${page + 1}` });
  return buttons;
}
