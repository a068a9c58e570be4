/**
 * What Feishu checks in a JSON 2.0 card before accepting it, for the fake
 * server: at most 30 KB of content, at most 200 components (nested ones
 * count), and only the tags and properties Feishu documents for the
 * components we use. Returns Feishu's answer for a refused card, or null.
 */
export const CARD_MAX_BYTES = 30 * 1024;
export const CARD_MAX_ELEMENTS = 200;

const PROPERTIES: Record<string, string[]> = {
  markdown: ['tag', 'content', 'text_align', 'text_size', 'element_id', 'margin', 'icon'],
  hr: ['tag', 'element_id', 'margin'],
  button: ['tag', 'text', 'type', 'behaviors', 'size', 'width', 'icon', 'disabled', 'confirm', 'hover_tips', 'element_id', 'margin'],
  column_set: ['tag', 'flex_mode', 'columns', 'horizontal_spacing', 'horizontal_align', 'background_style', 'element_id', 'margin'],
  column: ['tag', 'width', 'weight', 'elements', 'vertical_align', 'vertical_spacing', 'padding', 'background_style', 'element_id'],
  chart: ['tag', 'chart_spec', 'aspect_ratio', 'color_theme', 'height', 'preview', 'element_id', 'margin'],
};
const TOP = ['schema', 'config', 'header', 'body', 'card_link'];
const TEXT = ['tag', 'content'];

export interface CardRefusal {
  code: number;
  msg: string;
}

const invalid = (detail: string): CardRefusal => ({ code: 230099, msg: `Failed to create card content, ext=ErrCode: 200861; ErrMsg: ${detail}` });

export function checkCard(content: string): CardRefusal | null {
  if (Buffer.byteLength(content, 'utf8') > CARD_MAX_BYTES) return { code: 230025, msg: 'The message content reaches its length limit.' };
  let card: any;
  try {
    card = JSON.parse(content);
  } catch {
    return invalid('card content is not valid JSON');
  }
  if (card.schema !== '2.0') return invalid('schema must be 2.0');
  const extra = Object.keys(card).find((k) => !TOP.includes(k));
  if (extra) return invalid(`unknown property ${extra}`);
  let count = 0;
  const visit = (element: any, path: string): string | null => {
    const allowed = PROPERTIES[element?.tag];
    if (!allowed) return `${path}: unknown tag ${JSON.stringify(element?.tag)}`;
    count++;
    const unknown = Object.keys(element).find((k) => !allowed.includes(k));
    if (unknown) return `${path}: unknown property ${unknown} of ${element.tag}`;
    if (element.text && (element.text.tag !== 'plain_text' || Object.keys(element.text).some((k) => !TEXT.includes(k)))) return `${path}: bad text of ${element.tag}`;
    const children = element.tag === 'column_set' ? element.columns : element.tag === 'column' ? element.elements : [];
    for (const [i, child] of (children ?? []).entries()) {
      const problem = visit(child, `${path}.${i}`);
      if (problem) return problem;
    }
    return null;
  };
  for (const [i, element] of (card.body?.elements ?? []).entries()) {
    const problem = visit(element, `body.elements.${i}`);
    if (problem) return invalid(problem);
  }
  if (count > CARD_MAX_ELEMENTS) return { code: 230099, msg: `Failed to create card content, ext=ErrCode: 11310; ErrMsg: card contains ${count} elements, more than ${CARD_MAX_ELEMENTS}` };
  return null;
}
