import { looksLikeCategorisedLayout, parseCategorisedLayout } from './categorisedTable';
import { looksLikeColumnLayout, parseColumnLayout } from './columnTable';
import { toSourceLines } from './lines';
import { looksLikeNarrative, parseNarrative } from './narrative';
import { ParseError, ParsedCommitment } from './types';

export type Layout = 'columns' | 'categorised' | 'narrative';

/** Reads a published list (text extracted from the newspaper PDF), whatever its layout. */
export function parseDocument(content: string, year: number): { layout: Layout; items: ParsedCommitment[] } {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new ParseError(`年份“${year}”无效`);
  const lines = toSourceLines(content);
  if (looksLikeCategorisedLayout(lines)) return { layout: 'categorised', items: parseCategorisedLayout(lines, year) };
  if (looksLikeColumnLayout(lines)) return { layout: 'columns', items: parseColumnLayout(lines, year) };
  if (looksLikeNarrative(lines)) return { layout: 'narrative', items: parseNarrative(lines, year) };
  throw new ParseError('无法识别文件版式：既不是承诺事项表格，也没有“关键词”或“（一）”分节');
}
