import { parseDeadline } from '../src/ingest/deadline';

describe('parseDeadline', () => {
  test.each([
    ['12月底', '2022-12-31'],
    ['12月底前', '2022-12-31'],
    ['11月底', '2022-11-30'],
    ['2月底', '2022-02-28'],
    ['11月15日', '2022-11-15'],
    ['11月15日前', '2022-11-15'],
    ['年底前', '2022-12-31'],
    ['年内', '2022-12-31'],
    ['四季度', '2022-12-31'],
    ['第四季度', '2022-12-31'],
    ['第一季度', '2022-03-31'],
    ['三季度末', '2022-09-30'],
    ['上半年', '2022-06-30'],
    ['3月底前', '2022-03-31'],
    ['2022年12月31日', '2022-12-31'],
    ['2023年6月30日前', '2023-06-30'],
    ['十二月底', '2022-12-31'],
    ['１２月底', '2022-12-31'],
    ['12 月 底', '2022-12-31'],
    ['10月中旬', '2022-10-20'],
  ])('%s → %s', (text, expected) => {
    expect(parseDeadline(text, 2022)).toEqual({ deadline: expected });
  });

  test('uses the campaign year', () => {
    expect(parseDeadline('2月底', 2024).deadline).toBe('2024-02-29');
  });

  test.each([
    ['2023年1月底', '2023-01-31'],
    ['2023年3月前', '2023-03-31'],
    ['2023年二季度', '2023-06-30'],
    ['2024年2月底', '2024-02-29'],
    ['2023年上半年', '2023-06-30'],
  ])('a deadline naming its year uses that year: %s → %s', (text, expected) => {
    expect(parseDeadline(text, 2022)).toEqual({ deadline: expected });
  });

  test.each(['长期', '持续推进', '常态化', '', '   ', '尽快'])('"%s" has no date and needs review', (text) => {
    const result = parseDeadline(text, 2022);
    expect(result.deadline).toBeNull();
    expect(result.problem).toMatch(/完成时限/);
  });

  test.each(['13月底', '2月30日', '2022年13月1日'])('impossible date "%s" is refused', (text) => {
    const result = parseDeadline(text, 2022);
    expect(result.deadline).toBeNull();
    expect(result.problem).toMatch(/不是有效日期/);
  });
});
