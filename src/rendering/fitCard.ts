import type { Block, Card } from './card';
import { markdown } from './card';
import { consoleUrl } from './consoleLink';
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
  // A section heading whose entries were all cut goes with them.
  while (low > 0 && isHeading(units[low - 1])) low--;
  return truncated(card, units, low);
}

/** A bold line of its own that is not an entry: "**市发改局**（12 项）", "**逾期事项（3）**". */
const isHeading = (unit: Unit) => unit.text !== undefined && /^\*\*[^\n]+$/.test(unit.text) && !ITEM.test(unit.text);

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

/** An item line (`🔴 **#12** …`), a numbered entry (`3. …`) or a bullet (`· …`): what a summary counts. */
const ITEM = /^(?:\p{Extended_Pictographic}\uFE0F?\s*)?(?:\*\*)?#(\d+)/u;
const NUMBERED = /^(\d+)\.\s/;
const BULLET = /^·\s/;
const MARK = /^\p{Extended_Pictographic}\uFE0F?/u;
/** A builder's own "……另有 N 项" tail (or "🔴 另有 N 项…" fold): N entries it had already left out. */
const ELIDED = /^(?:……|\p{Extended_Pictographic}\uFE0F?\s*)另有 (\d+) /u;

/**
 * Counts of what a cut card leaves out: entries, by colour mark, by department.
 * Item lines count on every card; numbered entries and bullets only on a card
 * that names what it lists (entryNoun), so a digest's ranking rows are not
 * counted as items.
 */
export function droppedCounts(card: Pick<Card, 'departments' | 'entryNoun' | 'rowNoun'>, texts: string[]) {
  let entries = 0;
  let rows = 0;
  const byMark = new Map<string, number>();
  const byDepartment = new Map<string, number>();
  for (const text of texts) {
    const first = text.trimStart().split('\n')[0];
    const elided = ELIDED.exec(first);
    if (elided) {
      entries += Number(elided[1]);
      continue;
    }
    if (!card.entryNoun && card.rowNoun && NUMBERED.test(first)) {
      rows++;
      continue;
    }
    const key = card.entryNoun ? NUMBERED.exec(first) : ITEM.exec(first);
    if (!key && !(card.entryNoun && BULLET.test(first))) continue;
    entries++;
    const mark = MARK.exec(first)?.[0];
    if (mark) byMark.set(mark, (byMark.get(mark) ?? 0) + 1);
    const department = key ? card.departments?.[Number(key[1])] : undefined;
    if (department) byDepartment.set(department, (byDepartment.get(department) ?? 0) + 1);
  }
  return { entries, rows, byMark, byDepartment };
}

function summary(card: Card, dropped: Unit[]): string {
  const { entries, rows, byMark, byDepartment } = droppedCounts(card, dropped.filter((u) => u.text).map((u) => u.text!));
  const departments = [...byDepartment].sort((a, b) => b[1] - a[1]);
  const top = departments.slice(0, 10);
  const noun = card.entryNoun ?? '项';
  const counted = [entries || !rows ? `${entries} ${noun}` : null, rows ? `${rows} ${card.rowNoun}` : null].filter(Boolean).join('、');
  const lines = [`**内容较多，另有 ${counted}未逐条列出**`];
  if (byMark.size) lines.push([...byMark].map(([mark, n]) => `${mark} ${n}`).join(' · '));
  if (top.length) lines.push(`按单位：${top.map(([name, n]) => `${escapeMarkdown(name)} ${n}`).join(' · ')}${departments.length > top.length ? ` 等 ${departments.length} 个单位` : ''}`);
  const all = `查看全部${noun === '项' ? '事项' : ''}`;
  const url = card.consolePath === null ? null : consoleUrl(card.consolePath ?? '/console');
  if (url) lines.push(`[在控制台${all}](${url})`);
  else if (card.seeAllHint) lines.push(card.seeAllHint);
  else if (card.seeAll) lines.push(`发送 ${escapeMarkdown(card.seeAll)} ${all}。`);
  return lines.join('\n');
}
