import { looksLikeDeadlineCell, parseDeadline } from './deadline';
import { flagHeading } from './departmentHeading';
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
  const tables = findTables(lines);
  if (!tables.length) throw new ParseError('找不到“序号”列，文件不是承诺事项表格');
  return tables.flatMap((table, k) => {
    const end = k + 1 < tables.length ? tables[k + 1].headingIndex : lines.length;
    const items = pagesOf(lines.slice(table.bodyStart, end)).flatMap((part) => parseDepartment(table.heading, part, year));
    return flagHeading(items, table.heading);
  });
}

interface Table { heading: string; headingIndex: number; bodyStart: number }

/**
 * One table per department heading followed by 序号. A 序号 printed again right
 * after a page break (（上接9版）) continues the table before it: the line above
 * the break is the previous page's last cell, not a department.
 */
function findTables(lines: SourceLine[]): Table[] {
  const tables: Table[] = [];
  lines.forEach((line, i) => {
    if (line.text !== SEQ_HEADER) return;
    for (let j = i - 1; j >= 0; j--) {
      if (lines[j].pageBreak && tables.length) return;
      if (lines[j].text) {
        tables.push({ heading: lines[j].text, headingIndex: j, bodyStart: i + 1 });
        return;
      }
    }
    throw new ParseError('“序号”之前没有部门名称', line.no);
  });
  return tables;
}

/**
 * A table's body split at its page breaks. What lies between （下转10版） and
 * （上接9版） belongs to other articles; without a 上接 the text goes straight on.
 */
function pagesOf(body: SourceLine[]): SourceLine[][] {
  const parts: SourceLine[][] = [[]];
  let skipping = false;
  body.forEach((line, i) => {
    if (line.pageBreak === 'continuedOn') {
      skipping = body.slice(i + 1).some((l) => l.pageBreak === 'continuedFrom');
      parts.push([]);
    } else if (line.pageBreak === 'continuedFrom') {
      skipping = false;
      parts.push([]);
    } else if (!skipping) {
      parts[parts.length - 1].push(line);
    }
  });
  return parts.filter((part, i) => i === 0 || part.some((l) => l.text));
}

interface Columns {
  seq: SourceLine[];
  text: SourceLine[];
  deadline: SourceLine[];
  leaders: SourceLine[];
}

function columnHeader(text: string): keyof Columns | null {
  return text === SEQ_HEADER ? 'seq' : headerKind(text);
}

/**
 * The columns of one page of a table. A page continued without its headers is
 * read by the shape of its cells, in printed order: numbers, targets, deadlines, names.
 */
function splitColumns(part: SourceLine[]): Columns {
  const columns: Columns = { seq: [], text: [], deadline: [], leaders: [] };
  const headed = part.some((l) => columnHeader(l.text));
  let current: keyof Columns = 'seq';
  for (const line of part) {
    const kind = columnHeader(line.text);
    if (kind) {
      current = kind;
      continue;
    }
    if (!headed && line.text) current = byShape(current, line.text);
    columns[current].push(line);
  }
  return columns;
}

function byShape(current: keyof Columns, text: string): keyof Columns {
  if (current === 'seq') return asSeqNumber(text) !== null ? 'seq' : 'text';
  if (current === 'text') return looksLikeDeadlineCell(text) ? 'deadline' : 'text';
  if (current === 'deadline') return looksLikeDeadlineCell(text) ? 'deadline' : 'leaders';
  return current;
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
