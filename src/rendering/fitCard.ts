import type { Block, Card } from './card';
import { markdown } from './card';
import { consoleOverviewUrl } from './consoleLink';
import { escapeMarkdown } from './text';

/**
 * Makes a card fit a platform's limits without splitting it into several
 * messages. Builders put the most urgent entries first, so the card keeps the
 * longest prefix of its entries (an entry is a block, or one entry of a
 * markdown list: a line and its indented continuation lines) that fits, with
 * the buttons that belong to them, and summarises the rest: counts by colour
 * mark and by department, and the command that shows everything.
 */
export function fitCard(card: Card, fits: (card: Card) => boolean): Card {
  if (fits(card)) return card;
  const units = entries(card.blocks);
  let low = 0;
  let high = units.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(truncated(card, units, mid))) low = mid;
    else high = mid - 1;
  }
  return truncated(card, units, low);
}

interface Unit {
  block: number;
  /** For markdown blocks: the entry's text. */
  text?: string;
}

const CONTINUATION = /^[\u3000 \t>]/;

function entries(blocks: Block[]): Unit[] {
  const units: Unit[] = [];
  blocks.forEach((block, index) => {
    if (block.kind !== 'markdown') return void units.push({ block: index });
    const lines = block.text.split('\n');
    let current: string[] = [];
    for (const line of lines) {
      if (current.length && !CONTINUATION.test(line)) {
        units.push({ block: index, text: current.join('\n') });
        current = [];
      }
      current.push(line);
    }
    units.push({ block: index, text: current.join('\n') });
  });
  return units;
}

function truncated(card: Card, units: Unit[], keep: number): Card {
  const blocks: Block[] = [];
  let last = -1;
  for (const unit of units.slice(0, keep)) {
    const block = card.blocks[unit.block];
    if (unit.text === undefined) blocks.push(block);
    else if (unit.block === last && blocks.length && blocks[blocks.length - 1].kind === 'markdown') {
      const previous = blocks[blocks.length - 1] as { kind: 'markdown'; text: string };
      blocks[blocks.length - 1] = markdown(`${previous.text}\n${unit.text}`);
    } else blocks.push(markdown(unit.text));
    last = unit.block;
  }
  blocks.push(markdown(summary(card, units.slice(keep))));
  return { ...card, blocks };
}

const ITEM = /#(\d+)/;

function summary(card: Card, dropped: Unit[]): string {
  const items = dropped.filter((u) => u.text && ITEM.test(u.text.split('\n')[0]));
  const byMark = new Map<string, number>();
  const byDepartment = new Map<string, number>();
  for (const unit of items) {
    const mark = [...unit.text!.trim()][0];
    byMark.set(mark, (byMark.get(mark) ?? 0) + 1);
    const department = card.departments?.[Number(ITEM.exec(unit.text!)![1])];
    if (department) byDepartment.set(department, (byDepartment.get(department) ?? 0) + 1);
  }
  const top = [...byDepartment].sort((a, b) => b[1] - a[1]).slice(0, 10);
  const rest = [...byDepartment].slice(10).length;
  const lines = [`**内容较多，另有 ${items.length} 项未逐条列出**`];
  if (byMark.size) lines.push([...byMark].map(([mark, n]) => `${mark} ${n}`).join(' · '));
  if (top.length) lines.push(`按单位：${top.map(([name, n]) => `${escapeMarkdown(name)} ${n}`).join(' · ')}${rest ? ` 等 ${byDepartment.size} 个单位` : ''}`);
  const url = consoleOverviewUrl();
  lines.push(url ? `[在控制台查看全部事项](${url})` : `发送 ${escapeMarkdown(card.seeAll ?? '/status')} 查看全部事项。`);
  return lines.join('\n');
}
