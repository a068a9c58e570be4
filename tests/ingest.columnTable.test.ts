import { parseDocument } from '../src/ingest/parseDocument';
import type { ParsedCommitment } from '../src/ingest/types';
import { readSeed } from './helpers/seeds';

const { layout, items } = parseDocument(readSeed('000_'), 2022);
const of = (department: string) => items.filter((i) => i.department === department);
const D = (m: number, d: number) => `2022-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const DEC = D(12, 31);
const NOV = D(11, 30);

function expectAligned(list: ParsedCommitment[], deadlines: string[], leaders: string[][]) {
  expect(list.map((i) => i.seq)).toEqual(deadlines.map((_, i) => i + 1));
  expect(list.map((i) => i.deadline)).toEqual(deadlines);
  expect(list.map((i) => i.leaders)).toEqual(leaders);
  expect(list.every((i) => !i.needsReview && i.reviewReasons.length === 0)).toBe(true);
}

function expectLeadersUndetermined(list: ParsedCommitment[], count: number, deadlines: string[]) {
  expect(list).toHaveLength(count);
  expect(list.map((i) => i.deadline)).toEqual(deadlines);
  for (const item of list) {
    expect(item.leaders).toEqual([]);
    expect(item.needsReview).toBe(true);
    expect(item.reviewReasons.join()).toMatch(/责任领导列与序号无法对齐/);
    expect(item.reviewReasons.join()).not.toMatch(/完成时限|工作目标/);
  }
}

describe('000: the column-by-column commitment table', () => {
  test('is recognised and yields every item of the nine departments, and nothing else', () => {
    expect(layout).toBe('columns');
    expect(items).toHaveLength(69);
    expect([...new Set(items.map((i) => i.department))]).toEqual([
      '市委政法委', '市发改局', '市经信局', '市科技局', '市自然资源和规划局',
      '生态环境永康分局', '市交通运输局', '市商务局', '市应急管理局',
    ]);
    expect(items.some((i) => /下转|公开承诺事项|动员大会/.test(i.text))).toBe(false);
  });

  test('市委政法委: one cell per row, cells with two leaders', () => {
    expectAligned(of('市委政法委'), [DEC, DEC, DEC, D(11, 15), DEC], [
      ['童安胜'], ['俞文胜'], ['俞文胜', '李红英'], ['童安胜', '吕震河'], ['俞文胜', '叶周锋'],
    ]);
    expect(of('市委政法委')[0].text).toBe(
      '常态化推进全市公共场所“一扫三查”、戴口罩、通风消毒等疫情防控措施，确保“逢进必扫”“逢扫必验”；争取年终考核进入金华市前3。',
    );
    expect(of('市委政法委')[3].deadlineText).toBe('11月15日');
  });

  test('市发改局: 13 items split at 。 within blocks; identical deadlines fill every row; leaders do not align', () => {
    const list = of('市发改局');
    expectLeadersUndetermined(list, 13, Array(13).fill(DEC));
    expect(list[0].text).toBe('GDP增速全年力争达到1.5%以上。建安工程投资额增速全年力争达到10.5%以上。');
    expect(list[1].text).toBe('城镇居民人均可支配收入增速力争达到3%。');
    expect(list[12].text).toBe('完善充电基础设施建设，新增公用充电桩240个以上。');
    expect(list[0].reviewReasons[0]).toBe('责任领导列与序号无法对齐（13个序号，7组共11行）');
  });

  test('市经信局: eight rows printed apart', () => {
    expectAligned(of('市经信局'), [NOV, DEC, DEC, NOV, DEC, NOV, DEC, DEC],
      [['胡亚军'], ['胡晓超'], ['应旭军'], ['胡晓超'], ['应旭军'], ['吕雄杰'], ['应旭军'], ['应旭军']]);
  });

  test('市科技局: rows 3–7 printed on adjacent lines align line by line', () => {
    expectAligned(of('市科技局'), [DEC, DEC, DEC, NOV, NOV, NOV, DEC, DEC],
      [['应晨俊'], ['应晨俊'], ['应晨俊'], ['徐江'], ['徐江'], ['徐江'], ['应晨俊'], ['应晨俊']]);
    expect(of('市科技局')[5].text).toBe('技术交易总额达到17.08亿元以上。');
  });

  test('市自然资源和规划局: adjacent rows 5–6, spaced names normalised', () => {
    expectAligned(of('市自然资源和规划局'), Array(6).fill(DEC),
      [['郦鸣亚'], ['周云广'], ['朱艳'], ['郦鸣亚'], ['周云广'], ['李浪']]);
    expect(of('市自然资源和规划局')[2].text).toBe('新增垦造耕地420亩，全年完成垦造耕地1170亩。完成全域土地整治项目谋划8个以上。');
  });

  test('生态环境永康分局: three leader cells for five rows (merged cells) → needs review', () => {
    expectLeadersUndetermined(of('生态环境永康分局'), 5, Array(5).fill(DEC));
    expect(of('生态环境永康分局')[1].text).toContain('PM2.5 29μg/m3');
  });

  test('市交通运输局: eight leader groups for nine rows → needs review', () => {
    expectLeadersUndetermined(of('市交通运输局'), 9, Array(9).fill(DEC));
    expect(of('市交通运输局')[7].text).toBe('打击车辆“抛洒滴漏”行为。');
  });

  test('市商务局', () => {
    expectAligned(of('市商务局'), Array(7).fill(DEC),
      [['王国栋'], ['杨永晓'], ['杨永晓'], ['罗王坚'], ['王国栋'], ['罗王坚'], ['李子煌']]);
  });

  test('市应急管理局: rows 5–6 adjacent, each its own leader', () => {
    expectAligned(of('市应急管理局'), Array(8).fill(DEC),
      [['应猛龙'], ['应猛龙'], ['徐勤学'], ['应猛龙'], ['吴巧萍'], ['吕永利'], ['郑岳笙'], ['朱洪双']]);
  });
});

describe('the column layout parser is general', () => {
  const page = [
    '某市公开承诺', '', '市卫健局', '序号', '', '1', '', '2', '3', '', '承诺事项',
    '新建社区卫生服务站3个，', '完成改造。', '', '开展义诊活动50场。', '家庭医生签约率达到75%。', '',
    '完成时间', '', '2023年6月30日', '', '三季度', '上半年', '', '责任人', '', '张 三', '', '王五', '赵六', '',
    '（下转5版）', '', '市水务局', '序号', '1', '', '2', '', '工作目标', '完成水库除险加固2座。', '', '长期推进河道保洁。', '',
    '完成时限', '年底前', '', '长期', '', '责任领导', '', '孙七', '',
  ].join('\n');
  const { items: parsed } = parseDocument(page, 2023);

  test('other departments, names, dates and headers', () => {
    expect(parsed.map((i) => [i.department, i.seq, i.deadline, i.leaders])).toEqual([
      ['市卫健局', 1, '2023-06-30', ['张三']],
      ['市卫健局', 2, '2023-09-30', ['王五']],
      ['市卫健局', 3, '2023-06-30', ['赵六']],
      ['市水务局', 1, '2023-12-31', ['孙七']],
      ['市水务局', 2, null, ['孙七']],
    ]);
    expect(parsed[0].text).toBe('新建社区卫生服务站3个，完成改造。');
  });

  test('a deadline without a date needs review, the rest of the row stands', () => {
    expect(parsed[4].needsReview).toBe(true);
    expect(parsed[4].reviewReasons).toEqual(['完成时限“长期”没有具体日期']);
    expect(parsed[3].needsReview).toBe(false);
  });

  test('a non-number in the 序号 column is a clear error naming the line', () => {
    expect(() => parseDocument('市某局\n序号\n1\nx\n工作目标\n甲。\n乙。\n责任领导\n张三', 2022)).toThrow(/第4行.*非数字“x”/);
  });

  test('an unrecognisable file is refused', () => {
    expect(() => parseDocument('随便一段文字', 2022)).toThrow(/无法识别文件版式/);
  });
});

describe('a text file with NUL bytes', () => {
  test('imports as if they were not there (PostgreSQL text cannot hold NUL)', () => {
    const withNul = readSeed('000_').replace(/童安胜/g, '童\u0000安胜').replace('市委政法委', '市委\u0000政法委');
    const parsed = parseDocument(withNul, 2022).items;
    expect(parsed).toEqual(items);
    expect(JSON.stringify(parsed)).not.toContain('\\u0000');
  });
});
