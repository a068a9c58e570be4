import { escapeMarkdown } from './escape';

export { escapeMarkdown };

export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

/** Quote what a user typed back at them: escaped and short. */
export function echo(text: string, max = 30): string {
  return escapeMarkdown(clip(text.replace(/\s+/g, ' ').trim(), max));
}
