import dns from 'node:dns';
import net from 'node:net';
import { chineseDate, monthDay } from '../../src/domain/chineseDate';
import { dueAhead, overdueUnfinished, ReportableItem } from '../../src/domain/weeklyFigures';
import { completionChart } from '../../src/report/chart';

test('dates as official documents print them', () => {
  expect(['2022-12-26', '2020-10-10', '2023-01-01', '2022-11-30', '2022-03-31', '2019-02-20'].map(chineseDate)).toEqual([
    '二〇二二年十二月二十六日', '二〇二〇年十月十日', '二〇二三年一月一日', '二〇二二年十一月三十日', '二〇二二年三月三十一日', '二〇一九年二月二十日',
  ]);
  expect(['2022-01-05', '2022-12-31'].map(monthDay)).toEqual(['1月5日', '12月31日']);
});

test('下阶段到期 is due today up to 14 days ahead; before today is 逾期未办结; finished items are in neither', () => {
  const item = (id: number, deadline: string, status: ReportableItem['status'] = '办理中'): ReportableItem =>
    ({ id, campaignId: 1, departmentName: '市发改局', status, deadline, completedAt: null, approvedAt: null });
  const items = [
    item(1, '2022-12-25'), item(2, '2022-12-26'), item(3, '2023-01-09'), item(4, '2023-01-10'),
    item(5, '2022-12-27', '已办结'), item(6, '2022-12-20', '已办结'), item(7, '2022-12-28', '待审核'),
  ];
  expect(dueAhead(items, '2022-12-26').map((i) => i.id)).toEqual([2, 3]);
  expect(overdueUnfinished(items, '2022-12-26').map((i) => i.id)).toEqual([1]);
});

describe('the completion chart', () => {
  const bars = [{ label: '市委政法委', value: 40, highlighted: false }, { label: '市经信局', value: 13, highlighted: true }];

  test('is a PNG drawn in process at twice the layout width, one row per unit, without opening a connection', () => {
    const connect = jest.spyOn(net.Socket.prototype, 'connect');
    const lookup = jest.spyOn(dns, 'lookup');
    const chart = completionChart('各单位承诺事项完成率', bars);
    expect(connect).not.toHaveBeenCalled();
    expect(lookup).not.toHaveBeenCalled();
    expect(chart.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // IHDR: width and height in pixels.
    expect([chart.png.readUInt32BE(16), chart.png.readUInt32BE(20)]).toEqual([chart.width * 2, chart.height * 2]);
    expect(completionChart('各单位承诺事项完成率', [...bars, ...bars]).height - chart.height).toBe(2 * 34);
  });

  test('draws the Chinese labels (a machine without a CJK font would leave them blank)', () => {
    // Same bars, other names: only the drawn glyphs can tell the two pictures apart.
    const renamed = bars.map((bar, i) => ({ ...bar, label: ['市委宣传部', '市科技局'][i] }));
    expect(completionChart('各单位承诺事项完成率', renamed).png.equals(completionChart('各单位承诺事项完成率', bars).png)).toBe(false);
    // And the lagging unit's bar is drawn in another colour.
    const unmarked = bars.map((bar) => ({ ...bar, highlighted: false }));
    expect(completionChart('各单位承诺事项完成率', unmarked).png.equals(completionChart('各单位承诺事项完成率', bars).png)).toBe(false);
  });
});
