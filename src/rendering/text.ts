/**
 * User text inside card markdown: escaped (Feishu's markdown takes HTML
 * entities for its special characters) so that nobody can inject an
 * <at id=all>, a link or formatting, and cut to a length a card can carry.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`[\]\\#|]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

/** Quote what a user typed back at them: escaped and short. */
export function echo(text: string, max = 30): string {
  return escapeMarkdown(clip(text.replace(/\s+/g, ' ').trim(), max));
}
