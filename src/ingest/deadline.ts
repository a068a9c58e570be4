/**
 * Deadlines as printed in commitment lists ("12月底前", "11月15日", "四季度") turned
 * into a calendar day of the campaign year (or of the year the text names). A day means "by the end of that day,
 * Asia/Shanghai".
 */
export interface DeadlineResult {
  /** 'YYYY-MM-DD', or null when the text names no date. */
  deadline: string | null;
  /** Why a person should look at it; set whenever deadline is null. */
  problem?: string;
}

const CHINESE_DIGITS: Record<string, number> = {
  一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10,
};

/** 1–31 written as "12", "十二", "二十一". */
function numberFrom(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '十') return 10;
  const [tens, ones] = text.split('十');
  if (text.includes('十')) return (tens ? CHINESE_DIGITS[tens] : 1) * 10 + (ones ? CHINESE_DIGITS[ones] : 0);
  return CHINESE_DIGITS[text] ?? NaN;
}

const NUM = '(\\d{1,2}|[一二两三四五六七八九十]{1,3})';

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function day(year: number, month: number, date: number): string | null {
  if (!(month >= 1 && month <= 12) || !(date >= 1 && date <= lastDayOfMonth(year, month))) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}

type Rule = (text: string, year: number) => string | null | undefined;

/** Each rule returns a day, null for "matched but impossible", undefined for "not mine". */
const RULES: Rule[] = [
  (text) => {
    const m = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(text);
    return m ? day(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
  },
  (text) => {
    const m = /(\d{4})年(?:底|末|内|$)/.exec(text);
    return m ? day(Number(m[1]), 12, 31) : undefined;
  },
  (text, year) => {
    const m = new RegExp(`${NUM}月${NUM}日`).exec(text);
    return m ? day(year, numberFrom(m[1]), numberFrom(m[2])) : undefined;
  },
  (text, year) => {
    const m = new RegExp(`${NUM}月(上旬|中旬|下旬)`).exec(text);
    if (!m) return undefined;
    const month = numberFrom(m[1]);
    const date = m[2] === '上旬' ? 10 : m[2] === '中旬' ? 20 : lastDayOfMonth(year, month);
    return day(year, month, date);
  },
  (text, year) => {
    const m = new RegExp(`${NUM}月(?:底|末|份|前|$)`).exec(text);
    if (!m) return undefined;
    const month = numberFrom(m[1]);
    return day(year, month, lastDayOfMonth(year, month));
  },
  (text, year) => {
    const m = /(?:第)?([一二三四1-4])季度/.exec(text);
    if (!m) return undefined;
    const quarter = numberFrom(m[1]);
    return day(year, quarter * 3, lastDayOfMonth(year, quarter * 3));
  },
  (text, year) => (/上半年/.test(text) ? day(year, 6, 30) : undefined),
  (text, year) => (/(年底|年末|年内|全年|下半年|本年度|年度内)/.test(text) ? day(year, 12, 31) : undefined),
];

export function parseDeadline(printed: string, year: number): DeadlineResult {
  const text = printed.normalize('NFKC').replace(/\s+/g, '');
  if (!text) return { deadline: null, problem: '完成时限为空' };
  // "2023年1月底" names its own year; only a deadline without one takes the campaign's.
  const named = /(\d{4})年/.exec(text);
  const ruleYear = named ? Number(named[1]) : year;
  for (const rule of RULES) {
    const result = rule(text, ruleYear);
    if (result === undefined) continue;
    if (result === null) return { deadline: null, problem: `完成时限“${printed.trim()}”不是有效日期` };
    return { deadline: result };
  }
  return { deadline: null, problem: `完成时限“${printed.trim()}”没有具体日期` };
}

/** A short cell that reads as a deadline ("12月底", "长期"), as opposed to a target's text or a name. */
export function looksLikeDeadlineCell(text: string): boolean {
  if (text.length > 10 || /[，。；]/.test(text)) return false;
  return /^(长期|持续|常态化)/.test(text) || parseDeadline(text, 2000).deadline !== null;
}
