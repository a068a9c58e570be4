import { SEQ_HEADER } from './columnTable';

const MAX_LINES = 240;

/**
 * A department's block of the source as printed (its heading down to the next
 * department's heading), so a person can align the printed columns with the
 * rows by eye. Null when the heading is not in the text.
 */
export function printedSection(content: string, heading: string): string | null {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const key = heading.trim();
  const nextNonBlank = (from: number) => {
    for (let i = from; i < lines.length; i++) if (lines[i].trim()) return lines[i].trim();
    return null;
  };
  const isHeading = (i: number) => !!lines[i].trim() && lines[i].trim() !== SEQ_HEADER && nextNonBlank(i + 1) === SEQ_HEADER;
  const asHeading = lines.findIndex((l, i) => l.trim() === key && isHeading(i));
  const start = asHeading >= 0 ? asHeading : lines.findIndex((l) => l.trim() === key);
  if (start < 0) return null;
  let end = start + 1;
  while (end < lines.length && end - start < MAX_LINES && !isHeading(end)) end++;
  return lines.slice(start, end).join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
