import { parseDeadline } from './deadline';
import { asSeqNumber, blankSeparatedGroups, SourceLine, unwrap } from './lines';
import { normaliseName } from './names';
import { ParseError, ParsedCommitment } from './types';

/**
 * The layout of `000_*`: per department a table printed column by column —
 * 序号, then 工作目标, then 完成时限, then 责任领导 — with blank lines between
 * rows printed apart and merged cells lost.
 */
export const SEQ_HEADER = '序号';
const TEXT_HEADERS = ['工作目标', '承诺事项', '目标任务', '任务目标', '承诺内容', '工作任务'];
const DEADLINE_HEADERS = ['完成时限', '完成时间', '时间节点'];
const LEADER_HEADERS = ['责任领导', '责任人', '牵头领导'];

type ColumnKind = 'text' | 'deadline' | 'leaders';

function headerKind(text: string): ColumnKind | null {
  if (TEXT_HEADERS.includes(text)) return 'text';
  if (DEADLINE_HEADERS.includes(text)) return 'deadline';
  if (LEADER_HEADERS.includes(text)) return 'leaders';
  return null;
}

export function looksLikeColumnLayout(lines: SourceLine[]): boolean {
  return lines.some((l) => l.text === SEQ_HEADER) && lines.some((l) => LEADER_HEADERS.includes(l.text));
}

export function parseColumnLayout(lines: SourceLine[], year: number): ParsedCommitment[] {
  const seqHeaders = lines.map((l, i) => (l.text === SEQ_HEADER ? i : -1)).filter((i) => i >= 0);
  if (!seqHeaders.length) throw new ParseError('找不到“序号”列，文件不是承诺事项表格');
  const headings = seqHeaders.map((i) => headingBefore(lines, i));
  return seqHeaders.flatMap((start, k) => {
    const end = k + 1 < seqHeaders.length ? headings[k + 1].index : lines.length;
    return parseDepartment(headings[k].text, lines.slice(start + 1, end), year);
  });
}

function headingBefore(lines: SourceLine[], seqIndex: number): { text: string; index: number } {
  for (let i = seqIndex - 1; i >= 0; i--) {
    if (lines[i].text) return { text: lines[i].text, index: i };
  }
  throw new ParseError('“序号”之前没有部门名称', lines[seqIndex].no);
}

interface Columns {
  seq: SourceLine[];
  text: SourceLine[];
  deadline: SourceLine[];
  leaders: SourceLine[];
}

function splitColumns(body: SourceLine[]): Columns {
  const columns: Columns = { seq: [], text: [], deadline: [], leaders: [] };
  let current: keyof Columns = 'seq';
  for (const line of body) {
    const kind = headerKind(line.text);
    if (kind) {
      current = kind;
      continue;
    }
    columns[current].push(line);
  }
  return columns;
}

function parseDepartment(heading: string, body: SourceLine[], year: number): ParsedCommitment[] {
  const columns = splitColumns(body);
  const seqGroups = blankSeparatedGroups(columns.seq).map((group) =>
    group.map((line) => {
      const seq = asSeqNumber(line.text);
      if (seq === null) throw new ParseError(`“${heading}”的序号列里出现了非数字“${line.text}”`, line.no);
      return seq;
    }),
  );
  const seqs = seqGroups.flat();
  if (!seqs.length) throw new ParseError(`“${heading}”没有任何序号`, body[0]?.no);
  const seqSizes = seqGroups.map((g) => g.length);

  const texts = alignTexts(columns.text, seqs.length);
  const deadlines = alignCells(blankSeparatedGroups(columns.deadline), seqSizes, '完成时限');
  const leaders = alignCells(blankSeparatedGroups(columns.leaders), seqSizes, '责任领导');

  return seqs.map((seq, row) => {
    const reasons = [texts.reason, deadlines.reason, leaders.reason].filter((r): r is string => !!r);
    const deadlineText = (deadlines.rows?.[row] ?? []).join('');
    let deadline: string | null = null;
    if (deadlineText) {
      const parsed = parseDeadline(deadlineText, year);
      deadline = parsed.deadline;
      if (parsed.problem) reasons.push(parsed.problem);
    }
    return {
      department: heading,
      seq,
      category: null,
      text: texts.items[row],
      deadline,
      deadlineText,
      leaders: (leaders.rows?.[row] ?? []).map(normaliseName),
      needsReview: reasons.length > 0,
      reviewReasons: reasons,
    };
  });
}

/**
 * Target text wraps across lines. An item ends at a blank line or at a line
 * ending in 。; when that does not give one item per row, blank lines alone may.
 */
function alignTexts(column: SourceLine[], rows: number): { items: string[]; reason?: string } {
  const groups = blankSeparatedGroups(column);
  const bySentence = groups.flatMap((group) => {
    const items: string[][] = [];
    let current: string[] = [];
    for (const line of group) {
      current.push(line.text);
      if (/[。]$/.test(line.text)) {
        items.push(current);
        current = [];
      }
    }
    if (current.length) items.push(current);
    return items.map(unwrap);
  });
  if (bySentence.length === rows) return { items: bySentence };
  const byBlock = groups.map((group) => unwrap(group.map((l) => l.text)));
  if (byBlock.length === rows) return { items: byBlock };

  const reason = `工作目标列与序号无法对齐（${rows}个序号，${bySentence.length}段文字）`;
  const items = Array.from({ length: rows }, (_, i) => {
    if (i < rows - 1) return bySentence[i] ?? '（文字未能对齐，待核对）';
    return bySentence.slice(i).join('\n') || '（文字未能对齐，待核对）';
  });
  return { items, reason };
}

/**
 * Cells of the 完成时限 or 责任领导 column, one entry per row, or no rows at all
 * with a reason when the column cannot be aligned without guessing.
 */
function alignCells(groups: SourceLine[][], seqSizes: number[], column: string): { rows?: string[][]; reason?: string } {
  const rowCount = seqSizes.reduce((a, b) => a + b, 0);
  const cells = groups.map((g) => g.map((l) => l.text));
  const flat = cells.flat();
  if (!flat.length) return { reason: `缺少${column}列` };

  // A column whose cells all hold the same value determines every row.
  if (flat.every((v) => normaliseName(v) === normaliseName(flat[0]))) {
    return { rows: Array.from({ length: rowCount }, () => [flat[0]]) };
  }
  // Every row printed apart: one group per row (a group may hold two leaders).
  if (cells.length === rowCount) return { rows: cells };
  // Rows printed adjacent come out adjacent: same grouping as 序号, line by line.
  if (cells.length === seqSizes.length && cells.every((g, i) => g.length === seqSizes[i])) {
    return { rows: flat.map((v) => [v]) };
  }
  return { reason: `${column}列与序号无法对齐（${rowCount}个序号，${cells.length}组共${flat.length}行）` };
}
