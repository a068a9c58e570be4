import { isoWeek, isWorkday, previousWorkday, weekStart, workdaysAfter } from '../src/domain/workdays';

describe('the Chinese working calendar, whatever the machine TZ (CI runs this in New York time)', () => {
  test.each([
    ['2022-12-24', false], // Saturday
    ['2022-12-26', true], // Monday
    ['2023-01-02', false], // New Year holiday, a Monday
    ['2023-01-28', true], // Saturday worked in lieu (调休)
    ['2022-10-03', false], // National Day
    ['2022-10-08', true], // Saturday worked in lieu
  ])('%s workday: %s', (day, expected) => {
    expect(isWorkday(day)).toBe(expected);
  });

  test('counting and stepping over holidays', () => {
    expect(previousWorkday('2023-01-03')).toBe('2022-12-30');
    expect(workdaysAfter('2022-12-31', '2023-01-05')).toBe(3);
  });

  test('ISO weeks and their Mondays', () => {
    expect([isoWeek('2023-01-01'), isoWeek('2023-01-02'), isoWeek('2020-12-31')]).toEqual(['2022-W52', '2023-W01', '2020-W53']);
    expect(weekStart('2022-12-28')).toBe('2022-12-26');
  });
});
