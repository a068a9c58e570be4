import { barLength, Card } from './card';
import { plainText, stripControls } from './escape';
import { renderMentions } from './mention';

/** The same card for a terminal: markdown marks removed, buttons shown as the commands they stand for. */
export function toText(card: Card): string {
  const lines = [`【${card.title}】`];
  for (const block of card.blocks) {
    if (block.kind === 'markdown') lines.push(plain(block.text));
    else if (block.kind === 'divider') lines.push('────────');
    else if (block.kind === 'buttons') lines.push(`　　操作：${block.buttons.map((b) => b.command).join('  ')}`);
    else {
      lines.push(block.title);
      for (const row of block.rows) lines.push(`${row.label.padEnd(10, '　')} ${'█'.repeat(barLength(row.value, block.max, 20))} ${row.value}`);
    }
  }
  if (card.buttons?.length) lines.push(`可用操作：${card.buttons.map((b) => `${b.label}（${b.command}）`).join('  ')}`);
  // Titles and labels are plain text and may carry user text: no control characters reach the terminal.
  return stripControls(lines.join('\n').replace(/\r/g, ''));
}

function plain(markdown: string): string {
  return plainText(renderMentions(markdown, (a) => `@${a.name}`)
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/<font[^>]*>(.*?)<\/font>/g, '$1'));
}
