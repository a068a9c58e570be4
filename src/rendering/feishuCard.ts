import type { Block, Button, Card } from './card';
import { fitCard } from './fitCard';
import { renderMentions } from './mention';

/** Feishu refuses a card over 30 KB or 200 components (nested ones count); a margin is kept under both. */
export const FEISHU_CARD_BYTES = 29 * 1024;
export const FEISHU_CARD_ELEMENTS = 190;

/** A card in Feishu's JSON 2.0 format (schema "2.0", updatable for everyone), cut to fit Feishu's limits. */
export function toFeishuCard(card: Card): Record<string, unknown> {
  return feishuJson(fitCard(card, (c) => feishuFits(feishuJson(c))));
}

export function feishuCardSize(json: Record<string, unknown>): { bytes: number; elements: number } {
  const count = (element: any): number => 1 + ((element.columns ?? element.elements ?? []) as unknown[]).reduce((n: number, e) => n + count(e), 0);
  const elements = ((json.body as any).elements as unknown[]).reduce((n: number, e) => n + count(e), 0);
  return { bytes: Buffer.byteLength(JSON.stringify(json), 'utf8'), elements };
}

const feishuFits = (json: Record<string, unknown>) => {
  const size = feishuCardSize(json);
  return size.bytes <= FEISHU_CARD_BYTES && size.elements <= FEISHU_CARD_ELEMENTS;
};

function feishuJson(card: Card): Record<string, unknown> {
  const elements: Record<string, unknown>[] = card.blocks.map(toElement);
  if (card.buttons?.length) elements.push(buttonRow(card.buttons));
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: card.title }, template: card.tone },
    body: { elements },
  };
}

function buttonRow(buttons: Button[]): Record<string, unknown> {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    columns: buttons.map((button) => ({
      tag: 'column',
      width: 'auto',
      elements: [{
        tag: 'button',
        text: { tag: 'plain_text', content: button.label },
        type: button.style ?? 'default',
        behaviors: [{ type: 'callback', value: button.value }],
      }],
    })),
  };
}

function toElement(block: Block): Record<string, unknown> {
  switch (block.kind) {
    case 'buttons':
      return buttonRow(block.buttons);
    case 'markdown':
      // Other platforms' accounts cannot be @-mentioned on Feishu: their names are written out.
      return { tag: 'markdown', content: renderMentions(block.text, (a) => (a.platform === 'feishu' ? `<at id=${a.id}></at>` : a.name)) };
    case 'divider':
      return { tag: 'hr' };
    case 'bars':
      return {
        tag: 'chart',
        aspect_ratio: '16:9',
        chart_spec: {
          type: 'bar',
          title: { text: block.title },
          data: { values: block.rows.map((r) => ({ label: r.label, value: r.value })) },
          xField: 'label',
          yField: 'value',
          axes: [{ orient: 'left', min: 0, max: block.max }],
        },
      };
  }
}
