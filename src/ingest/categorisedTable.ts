import { looksLikeDeadlineCell, parseDeadline } from './deadline';
import { asSeqNumber, blankSeparatedGroups, SourceLine } from './lines';
import { ParseError, ParsedCommitment } from './types';
import { joinWrappedLines } from './wrappedLines';
import { flagHeading } from './departmentHeading';

/**
 * The layout of `001_*`: departments' 序号 columns carry category markers
 * （一）指标类…, and the 任务目标 / 完成时限 columns of several departments
 * follow one another, sometimes without their header. Sections are matched to
 * departments in reading order; whatever the counts do not settle is left for
 * review.
 */
const CATEGORY = /^[（(]\s*[一二三四五六七八九十]+\s*[）)]\s*(指标类|项目类|政策类|其他类|.{1,6}类)$/;
const TEXT_HEADERS = ['任务目标', '工作目标', '目标任务', '承诺事项'];
const DEADLINE_HEADERS = ['完成时限', '完成时间'];

export function looksLikeCategorisedLayout(lines: SourceLine[]): boolean {
  return lines.some((l) => l.text === '序号') && lines.some((l) => CATEGORY.test(l.text));
}

interface Row { category: string | null; seq: number; gap?: string }
interface SeqRun { department: string; rows: Row[] }
type Section =
  | { kind: 'seq'; run: SeqRun }
  | { kind: 'text'; lines: SourceLine[] }
  | { kind: 'deadline'; lines: SourceLine[] };

export function parseCategorisedLayout(lines: SourceLine[], year: number): ParsedCommitment[] {
  const sections = readSections(lines);
  const runs = sections.flatMap((s) => (s.kind === 'seq' ? [s.run] : []));
  const texts = sections.flatMap((s) => (s.kind === 'text' ? [s.lines] : []));
  const deadlines = sections.flatMap((s) => (s.kind === 'deadline' ? [s.lines] : []));
  return runs.flatMap((run, i) => (texts[i] ? flagHeading(buildItems(run, texts[i], deadlines[i] ?? [], year), run.department) : []));
}

function readSections(lines: SourceLine[]): Section[] {
  const sections: Section[] = [];
  let department: string | null = null;
  let category: string | null = null;
  let open: Section | null = null;
  // A line followed by 序号 heads a department, unless a page break lies between:
  // then it is the last line of the previous page and 序号 is a repeated header.
  const headsTable = (i: number) => {
    const next = lines.slice(i + 1).find((l) => l.text || l.pageBreak);
    return next?.text === '序号';
  };

  lines.forEach((line, i) => {
    const text = line.text;
    if (!text) return;
    if (text === '序号') {
      open = null;
      return;
    }
    if (headsTable(i)) {
      department = text;
      category = null;
      open = null;
      return;
    }
    if (TEXT_HEADERS.includes(text) || DEADLINE_HEADERS.includes(text)) {
      open = { kind: TEXT_HEADERS.includes(text) ? 'text' : 'deadline', lines: [] } as Section;
      sections.push(open);
      return;
    }
    const categoryMatch = CATEGORY.exec(text);
    const seq = asSeqNumber(text);
    if (categoryMatch || seq !== null) {
      if (!department) throw new ParseError('序号出现在任何部门名称之前', line.no);
      if (open?.kind !== 'seq') {
        open = { kind: 'seq', run: { department, rows: [] } };
        sections.push(open);
      }
      if (categoryMatch) category = categoryMatch[1];
      else open.run.rows.push({ category, seq: seq! });
      return;
    }
    if (!department) return; // the preamble and headline above the first table
    const kind = looksLikeDeadlineCell(text) ? 'deadline' : 'text';
    if (open?.kind !== kind) {
      open = { kind, lines: [] } as Section;
      sections.push(open);
    }
    (open as { lines: SourceLine[] }).lines.push(line);
  });
  // Keep blank lines out of the way: text grouping is recomputed from line numbers.
  return sections.map((s) => (s.kind === 'seq' ? { ...s, run: fillSeqGaps(s.run) } : s));
}

/** The extraction drops some seq numbers ("1 2 3 5", "9 21"): number each category consecutively. */
function fillSeqGaps(run: SeqRun): SeqRun {
  const rows: Row[] = [];
  const byCategory = new Map<string | null, number[]>();
  for (const row of run.rows) byCategory.set(row.category, [...(byCategory.get(row.category) ?? []), row.seq]);
  for (const [category, seqs] of byCategory) {
    const first = Math.min(...seqs);
    const last = Math.max(...seqs);
    // Only the rows whose number was filled in were inferred; the printed ones stand.
    for (let seq = first; seq <= last; seq++) {
      const gap = seqs.includes(seq) ? undefined : `${category ?? ''}第${seq}项的序号未印出（印出${seqs.join('、')}），系按顺序补齐`;
      rows.push({ category, seq, gap });
    }
  }
  return { ...run, rows };
}

function regroup(lines: SourceLine[]): string[][] {
  const groups: string[][] = [];
  lines.forEach((line, i) => {
    if (i === 0 || line.no !== lines[i - 1].no + 1) groups.push([]);
    groups[groups.length - 1].push(line.text);
  });
  return groups;
}

function buildItems(run: SeqRun, textLines: SourceLine[], deadlineLines: SourceLine[], year: number): ParsedCommitment[] {
  const deadlineCells = deadlineLines.map((l) => l.text);
  const reasons: string[] = [];
  const target = run.rows.length;
  let items = joinWrappedLines(regroup(textLines), target);
  let rows: (Row | null)[] = run.rows;
  if (!items) {
    items = blankSeparatedGroups(textLines).flatMap((g) => g.map((l) => l.text));
    rows = items.map(() => null);
    reasons.push(`任务目标与序号无法对齐（${target}个序号，文字${items.length}行）：分类、序号和换行待核对`);
  }
  const sameDeadline = deadlineCells.length > 0 && deadlineCells.every((c) => c === deadlineCells[0]);
  const deadlinesAlign = deadlineCells.length === items.length || sameDeadline;
  if (!deadlinesAlign) {
    reasons.push(`完成时限列与任务目标无法对齐（${items.length}条，${deadlineCells.length}个时限）`);
  }
  return items.map((text, i) => {
    const itemReasons = [...reasons, ...(rows[i]?.gap ? [rows[i]!.gap!] : [])];
    const deadlineText = deadlinesAlign ? (sameDeadline ? deadlineCells[0] : deadlineCells[i]) : '';
    const parsed = deadlineText ? parseDeadline(deadlineText, year) : { deadline: null };
    if ('problem' in parsed && parsed.problem) itemReasons.push(parsed.problem);
    return {
      department: run.department,
      seq: rows[i]?.seq ?? i + 1,
      category: rows[i]?.category ?? null,
      text,
      deadline: parsed.deadline,
      deadlineText,
      leaders: [],
      needsReview: itemReasons.length > 0,
      reviewReasons: itemReasons,
    };
  });
}
