/**
 * Reading a progress report: "60%", "六成", "已建成180个", and a bare number,
 * which is a quantity when the item's text sets a numeric target
 * (`新增充电桩240个以上` + `180` → 75%) and otherwise ambiguous.
 */
export type ProgressReading =
  | { kind: 'percent'; percent: number; value: string | null }
  | { kind: 'value'; value: string; percent: number | null }
  | { kind: 'ambiguous'; number: number }
  | { kind: 'invalid'; reason: 'negative' | 'over100' | 'unreadable' };

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

const UNITS = '个|家|座|所|户|条|公里|千米|米|平方米|万平方米|亩|辆|台|套|处|人次|人|场|次|件|吨|张|栋|间|名|只|根|盏|部|株|棵|批|支|对|位|元|万元|亿元';
const QUANTITY = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*(万|亿)?(${UNITS})`, 'g');

/** The item's numeric target when its text names exactly one quantity (`240个`), else null. */
export function numericTarget(text: string): { amount: number; unit: string } | null {
  const found = [...text.normalize('NFKC').matchAll(QUANTITY)].map((m) => ({ amount: Number(m[1]) * (m[2] === '万' ? 10_000 : m[2] === '亿' ? 100_000_000 : 1), unit: m[3] }));
  const distinct = found.filter((f, i) => found.findIndex((o) => o.amount === f.amount && o.unit === f.unit) === i);
  return distinct.length === 1 && distinct[0].amount > 0 ? distinct[0] : null;
}

/** 一 … 九十九 and 一百, as written in 百分之四十五. */
function chineseNumber(text: string): number | null {
  if (text === '一百') return 100;
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || !text) return null;
  if (!m[2]) return m[3] ? null : CHINESE_DIGITS[m[1]];
  return (m[1] ? CHINESE_DIGITS[m[1]] : 1) * 10 + (m[3] ? CHINESE_DIGITS[m[3]] : 0);
}

function share(amount: number, target: number): number {
  return Math.min(100, Math.round((amount * 100) / target));
}

export function readProgress(raw: string, itemText: string): ProgressReading {
  const text = raw.normalize('NFKC').trim();
  if (/^[-−－]\s*\d/.test(text) || /^负/.test(text)) return { kind: 'invalid', reason: 'negative' };
  const percent = /^(\d{1,3})(?:\.\d+)?%$/.exec(text) ?? /^百分之(\d{1,3}|[一二两三四五六七八九十百]+)$/.exec(text);
  const n = percent ? (/\d/.test(percent[1]) ? Number(percent[1]) : chineseNumber(percent[1])) : null;
  if (n !== null) {
    return n <= 100 ? { kind: 'percent', percent: n, value: null } : { kind: 'invalid', reason: 'over100' };
  }
  const tenths = /^([一二两三四五六七八九十]|\d{1,2})成(半)?$/.exec(text);
  if (tenths) {
    const n = (CHINESE_DIGITS[tenths[1]] ?? Number(tenths[1])) * 10 + (tenths[2] ? 5 : 0);
    return n <= 100 ? { kind: 'percent', percent: n, value: null } : { kind: 'invalid', reason: 'over100' };
  }
  const target = numericTarget(itemText);
  const bare = /^(\d{1,9}(?:\.\d{1,3})?)$/.exec(text);
  if (bare) {
    const n = Number(bare[1]);
    if (target) return { kind: 'value', value: `${bare[1]}${target.unit}`, percent: share(n, target.amount) };
    return { kind: 'ambiguous', number: n };
  }
  if (/\d/.test(text) && [...text].length <= 30) {
    const quantity = target ? new RegExp(`(\\d+(?:\\.\\d+)?)\\s*${target.unit}`).exec(text) : null;
    return { kind: 'value', value: text, percent: quantity ? share(Number(quantity[1]), target!.amount) : null };
  }
  return { kind: 'invalid', reason: 'unreadable' };
}
