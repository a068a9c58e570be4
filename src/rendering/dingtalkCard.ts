import type { Block, Card } from './card';
import { renderMentions } from './mention';

/**
 * A card as DingTalk markdown. DingTalk's ActionCard buttons can only open
 * URLs, so each button becomes the command a user sends instead.
 */
const TONE_MARK: Record<Card['tone'], string> = { blue: '🔵', green: '✅', yellow: '🟡', orange: '🟠', red: '🔴', grey: '⚪' };

function blockText(block: Block): string {
  switch (block.kind) {
    case 'markdown':
      // DingTalk highlights "@userId" for the accounts listed in atUserIds; others are named.
      return renderMentions(block.text, (a) => (a.platform === 'dingtalk' ? `@${a.id}` : a.name)).replace(/\n/g, '  \n');
    case 'divider':
      return '---';
    case 'buttons':
      return `> ${block.buttons.map((b) => `发送「${b.command}」${b.label}`).join('　')}`;
    case 'bars': {
      const max = Math.max(1, ...block.rows.map((r) => r.value));
      return [`**${block.title}**`, ...block.rows.map((r) => `${r.label} ${'▇'.repeat(Math.max(1, Math.round((r.value / max) * 10)))} ${r.value}`)].join('  \n');
    }
  }
}

export function toDingTalkMarkdown(card: Card): { title: string; text: string } {
  const parts = [`### ${TONE_MARK[card.tone]} ${card.title}`, ...card.blocks.map(blockText)];
  if (card.buttons?.length) parts.push(`> ${card.buttons.map((b) => `发送「${b.command}」${b.label}`).join('　')}`);
  return { title: card.title, text: parts.join('\n\n') };
}
