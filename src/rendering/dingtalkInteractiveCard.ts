import type { Button, Card } from './card';
import { blockText, DINGTALK_PARAM_BYTES, safe, TONE_MARK } from './dingtalkCard';
import { fitCard } from './fitCard';

/**
 * A card as the variables of duban's DingTalk interactive card template
 * (README: "DingTalk console"). The template shows `title`, then each of
 * `sections` as markdown followed by its buttons; a button calls back with
 * `{ value }`, the JSON of the button's value, so every button works as on Feishu.
 * `notice` carries the answer to the last click. DingTalk wants every
 * variable as a string.
 */
export interface CardSection {
  markdown: string;
  buttons: { label: string; style: 'primary' | 'danger' | 'default'; value: string }[];
}

const button = (b: Button) => ({ label: safe(b.label), style: b.style ?? 'default', value: JSON.stringify(b.value) });

/**
 * DingTalk documents no size limit for a card's variables; duban holds them
 * to the robot messages' budget, so an interactive card carries no more than
 * the markdown it replaces.
 */
export function toDingTalkCardData(card: Card, notice = ''): Record<string, string> {
  return cardData(fitCard(card, (c) => Buffer.byteLength(JSON.stringify(cardData(c, notice)), 'utf8') <= DINGTALK_PARAM_BYTES), notice);
}

function cardData(card: Card, notice: string): Record<string, string> {
  const sections: CardSection[] = [];
  for (const block of card.blocks) {
    if (block.kind === 'buttons') {
      if (!sections.length) sections.push({ markdown: '', buttons: [] });
      sections[sections.length - 1].buttons.push(...block.buttons.map(button));
    } else {
      // In a card, names are shown; the people are notified through atUserIds.
      sections.push({ markdown: blockText(block, (a) => `@${a.name}`), buttons: [] });
    }
  }
  if (card.buttons?.length) sections.push({ markdown: '', buttons: card.buttons.map(button) });
  return { title: `${TONE_MARK[card.tone]} ${safe(card.title)}`, tone: card.tone, sections: JSON.stringify(sections), notice };
}

/** The value a clicked button carried, from the callback's private data; null when it is not one of ours. */
export function clickedValue(params: Record<string, unknown> | undefined): Record<string, unknown> | null {
  const raw = params?.value;
  if (typeof raw !== 'string') return null;
  try {
    const value = JSON.parse(raw);
    return value && typeof value === 'object' && typeof value.action === 'string' ? value : null;
  } catch {
    return null;
  }
}
