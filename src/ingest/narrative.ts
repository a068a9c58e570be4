import { parseDeadline } from './deadline';
import { SourceLine } from './lines';
import { ParsedCommitment } from './types';

/**
 * Narrative work plans (`002_*`, `004_*`): no table, but sentences with a
 * quantity or a date are candidate commitments. They carry no department and
 * always need review.
 */
const KEYWORD_MARK = '关键词';
const SECTION_START = /^[（(][一二三四五六七八九十]+[）)]/;
const QUANTITY = /\d|[一二两三四五六七八九十百千万亿]+(?:个|家|项|条|处|所|名|人|亩|场|次|批|座|公里|万元|亿元)|年底|年内|季度|月底|上半年/;

export function looksLikeNarrative(lines: SourceLine[]): boolean {
  return lines.some((l) => l.text === KEYWORD_MARK) || lines.filter((l) => SECTION_START.test(l.text)).length >= 2;
}

interface Section { title: string; body: string }

function readSections(lines: SourceLine[]): Section[] {
  const sections: Section[] = [];
  const byKeyword = lines.some((l) => l.text === KEYWORD_MARK);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].text;
    if (byKeyword && text === KEYWORD_MARK) {
      const titleLine = lines.slice(i + 1).find((l) => l.text);
      if (!titleLine) break;
      sections.push({ title: titleLine.text, body: '' });
      i = lines.indexOf(titleLine);
      continue;
    }
    if (!byKeyword && SECTION_START.test(text)) {
      sections.push({ title: '', body: text });
      continue;
    }
    if (sections.length && text) sections[sections.length - 1].body += text;
  }
  return sections.map((s) => {
    if (s.title) return s;
    // "（一）着力打造现代产业体系，培育产业新能级。" wraps; its title ends at the first 。
    const end = s.body.indexOf('。');
    return { title: s.body.slice(0, end + 1 || undefined), body: end >= 0 ? s.body.slice(end + 1) : '' };
  });
}

function sentences(body: string): string[] {
  return body
    .split(/(?<=[。；！？])/)
    .map((s) => s.trim())
    .filter((s) => s.length >= 6);
}

/** Candidates are numbered through the whole document, so `seq` identifies one. */
export function parseNarrative(lines: SourceLine[], year: number): ParsedCommitment[] {
  let seq = 0;
  return readSections(lines).flatMap((section) =>
    sentences(section.body)
      .filter((s) => QUANTITY.test(s))
      .map((text) => {
        const dated = /(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:底|末|\d{1,2}日)|年底|年内|季度|上半年/.exec(text);
        const deadline = dated ? parseDeadline(dated[0], year).deadline : null;
        return {
          department: null,
          seq: ++seq,
          category: null,
          text,
          deadline,
          deadlineText: dated ? dated[0] : '',
          leaders: [],
          needsReview: true,
          reviewReasons: [`叙述性文件中的候选事项（${section.title}）：需确定责任部门、责任领导和完成时限`],
        };
      }),
  );
}
