import type { Block, Button, Card } from './card';
import { renderMentions } from './mention';

/** A card in Feishu's JSON 2.0 format (schema "2.0", updatable for everyone). */
export function toFeishuCard(card: Card): Record<string, unknown> {
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
        },
      };
  }
}
