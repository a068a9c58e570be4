/** Dates as Chinese official documents print them: 二〇二二年十二月二十六日. */
const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens > 1 ? DIGITS[tens] : ''}十${ones ? DIGITS[ones] : ''}`;
}

/** 'YYYY-MM-DD' → 二〇二二年十二月二十六日 (GB/T 9704 成文日期). */
export function chineseDate(day: string): string {
  const [year, month, date] = day.split('-');
  return `${[...year].map((d) => DIGITS[Number(d)]).join('')}年${chineseNumber(Number(month))}月${chineseNumber(Number(date))}日`;
}

/** 'YYYY-MM-DD' → 12月26日, for tables and running text. */
export function monthDay(day: string): string {
  return `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;
}
