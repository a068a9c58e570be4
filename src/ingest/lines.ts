import { cleanLine } from './names';

/** A line of the source file with its 1-based line number, for error messages. */
export interface SourceLine {
  no: number;
  text: string;
  /** Blanked page furniture that says where the text goes on: （下转10版） is 'continuedOn', （上接9版） 'continuedFrom'. */
  pageBreak?: 'continuedOn' | 'continuedFrom';
}

const CONTINUED_ON = /^[（(](?:下转|转)第?\s*\d+\s*版[）)]$/;
const CONTINUED_FROM = /^[（(]上接第?\s*\d+\s*版[）)]$/;
const PAGE_NUMBER = /^第?\s*\d+\s*版$/;

function isFurniture(text: string): boolean {
  return CONTINUED_ON.test(text) || CONTINUED_FROM.test(text) || PAGE_NUMBER.test(text);
}

/** Splits a document into numbered lines, blanking out page furniture but remembering page breaks. */
export function toSourceLines(content: string): SourceLine[] {
  return content
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((raw, index) => {
      const text = cleanLine(raw);
      if (CONTINUED_ON.test(text)) return { no: index + 1, text: '', pageBreak: 'continuedOn' as const };
      if (CONTINUED_FROM.test(text)) return { no: index + 1, text: '', pageBreak: 'continuedFrom' as const };
      return { no: index + 1, text: isFurniture(text) ? '' : text };
    });
}

/** Runs of non-blank lines; the PDF puts a blank line between rows printed apart. */
export function blankSeparatedGroups(lines: SourceLine[]): SourceLine[][] {
  const groups: SourceLine[][] = [];
  let current: SourceLine[] = [];
  for (const line of lines) {
    if (line.text) {
      current.push(line);
    } else if (current.length) {
      groups.push(current);
      current = [];
    }
  }
  if (current.length) groups.push(current);
  return groups;
}

/** Joins wrapped lines of one cell: Chinese needs no space, Latin words do. */
export function unwrap(parts: string[]): string {
  return parts.reduce((text, part) => {
    if (!text) return part;
    const needsSpace = /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(part);
    return text + (needsSpace ? ' ' : '') + part;
  }, '');
}

export function asSeqNumber(text: string): number | null {
  const normalised = text.normalize('NFKC').trim();
  return /^\d{1,3}$/.test(normalised) ? Number(normalised) : null;
}
