import { barLength, Block, Button, Card } from './card';
import { escapeMarkdown, fullWidthEscapes } from './escape';
import { fitCard } from './fitCard';
import { Account, renderMentions } from './mention';

/**
 * A card as DingTalk markdown. DingTalk's ActionCard buttons can only open
 * URLs, so each button becomes the command a user sends instead.
 */
export const TONE_MARK: Record<Card['tone'], string> = { blue: '🔵', green: '✅', yellow: '🟡', orange: '🟠', red: '🔴', grey: '⚪' };

/** Robot markdown highlights "@userId" for the accounts listed in atUserIds; others are named. */
const markdownMention = (a: Account) => (a.platform === 'dingtalk' ? `@${a.id}` : a.name);
/** Where no atUserIds can go along (the robot API's group and 1:1 sends), "@userId" would show the raw id: the name is written. */
const namedMention = (a: Account) => `@${a.name}`;

export function blockText(block: Block, mentionAs: (a: Account) => string = markdownMention): string {
  switch (block.kind) {
    case 'markdown':
      return fullWidthEscapes(renderMentions(block.text, mentionAs)).replace(/\n/g, '  \n');
    case 'divider':
      return '---';
    case 'buttons':
      return commandHints(block.buttons);
    case 'bars': {
      return [`**${safe(block.title)}**`, ...block.rows.map((r) => `${safe(r.label)} ${'▇'.repeat(barLength(r.value, block.max, 10))} ${r.value}`)].join('  \n');
    }
  }
}

/** Titles, labels and commands are plain text, which may carry user text: escaped here. */
export function safe(plain: string): string {
  return fullWidthEscapes(escapeMarkdown(plain));
}

function commandHints(buttons: Button[]): string {
  return `> ${buttons.map((b) => `发送「${safe(b.command)}」${safe(b.label)}`).join('　')}`;
}

/** DingTalk refuses a msgParam over 15,000 bytes and long markdown; a margin is kept under both. */
export const DINGTALK_PARAM_BYTES = 14_000;
export const DINGTALK_TEXT_CHARS = 4_800;

export function dingTalkFits(param: { title: string; text: string }): boolean {
  return Buffer.byteLength(JSON.stringify(param), 'utf8') <= DINGTALK_PARAM_BYTES && [...param.text].length <= DINGTALK_TEXT_CHARS;
}

/** The card as DingTalk markdown, cut to fit DingTalk's limits. */
export function toDingTalkMarkdown(card: Card, mentions: 'at' | 'names' = 'at'): { title: string; text: string } {
  const mentionAs = mentions === 'at' ? markdownMention : namedMention;
  return dingTalkMarkdown(fitCard(card, (c) => dingTalkFits(dingTalkMarkdown(c, mentionAs))), mentionAs);
}

function dingTalkMarkdown(card: Card, mentionAs: (a: Account) => string): { title: string; text: string } {
  const parts = [`### ${TONE_MARK[card.tone]} ${safe(card.title)}`, ...card.blocks.map((b) => blockText(b, mentionAs))];
  if (card.buttons?.length) parts.push(commandHints(card.buttons));
  return { title: card.title, text: parts.join('\n\n') };
}
