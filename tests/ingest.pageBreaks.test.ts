import { looksLikeDepartmentName } from '../src/domain/departmentNames';
import { parseDocument } from '../src/ingest/parseDocument';
import { readSeed } from './helpers/seeds';

const page9 = [
  '市应急管理局', '', '序号', '', '1', '', '2', '', '工作目标', '完成安全生产标准化创建350家以上。', '',
  '推进人防产权制度改革。', '', '完成时限', '', '12月底', '', '11月底', '', '责任领导', '', '应猛龙', '', '朱洪双', '',
  '（下转10版）', '', '',
].join('\n');
const nextDepartment = ['', '市水务局', '序号', '1', '', '工作目标', '完成水库除险加固2座。', '', '完成时限', '年底前', '', '责任领导', '孙七', ''].join('\n');
const summary = (text: string) =>
  parseDocument(text, 2022).items.map((i) => [i.department, i.seq, i.deadline, i.leaders.join('、'), i.needsReview]);

describe('a department continued on the next page', () => {
  const joined = [
    ['市应急管理局', 1, '2022-12-31', '应猛龙', false],
    ['市应急管理局', 2, '2022-11-30', '朱洪双', false],
    ['市应急管理局', 3, '2022-12-31', '吴巧萍', false],
    ['市应急管理局', 4, '2022-06-30', '吕永利', false],
    ['市水务局', 1, '2022-12-31', '孙七', false],
  ];

  test('with its column headers repeated, is joined to its first part (the last name is not a department)', () => {
    const page10 = ['（上接9版）', '', '序号', '', '3', '', '4', '', '工作目标', '完成企业安全监测预警系统验收。', '',
      '完成自然灾害综合风险普查。', '', '完成时限', '', '12月底', '', '上半年', '', '责任领导', '', '吴巧萍', '', '吕永利', ''].join('\n');
    expect(summary(page9 + page10 + nextDepartment)).toEqual(joined);
  });

  test('without repeated headers, its cells are read by their shape', () => {
    const page10 = ['（上接9版）', '', '3', '', '4', '', '完成企业安全监测预警系统验收。', '', '完成自然灾害综合风险普查。', '',
      '12月底', '', '上半年', '', '吴巧萍', '', '吕永利', ''].join('\n');
    expect(summary(page9 + page10 + nextDepartment)).toEqual(joined);
  });

  test('other articles printed between （下转10版） and （上接9版） are not part of the table', () => {
    const page10 = ['本报讯 今年以来，我市持续推进营商环境优化。', '', '记者 王明', '', '（上接9版）', '序号', '3', '', '4', '',
      '工作目标', '完成企业安全监测预警系统验收。', '', '完成自然灾害综合风险普查。', '', '完成时限', '12月底', '', '上半年', '',
      '责任领导', '吴巧萍', '', '吕永利', ''].join('\n');
    expect(summary(page9 + page10 + nextDepartment)).toEqual(joined);
  });

  test('the seed page ends in （下转10版）: its continuation joins 市应急管理局', () => {
    const page10 = ['（上接9版）', '', '序号', '', '9', '', '工作目标', '', '开展应急救援演练20场以上。', '', '完成时限', '', '12月底', '', '责任领导', '', '应猛龙', ''].join('\n');
    const { items } = parseDocument(readSeed('000_') + page10, 2022);
    expect(items).toHaveLength(70);
    expect([...new Set(items.map((i) => i.department))]).toHaveLength(9);
    expect(items[69]).toMatchObject({ department: '市应急管理局', seq: 9, text: '开展应急救援演练20场以上。', leaders: ['应猛龙'], needsReview: false });
  });
});

describe('department headings', () => {
  test('a heading that is not shaped like a department is flagged, never taken silently', () => {
    const { items } = parseDocument(['张三', '序号', '1', '工作目标', '完成改造。', '完成时限', '12月底', '责任领导', '李四'].join('\n'), 2022);
    expect(items[0]).toMatchObject({ department: '张三', needsReview: true });
    expect(items[0].reviewReasons[0]).toMatch(/部门名称“张三”不像部门/);
  });

  test.each(['市发改局', '发改局', '市委政法委', '市府办', '生态环境永康分局', '西城街道', '象珠镇', '市城投公司', '市行政服务中心', '经济开发区', '市人民医院', '市公安局交警大队'])(
    '%s is a department', (name) => expect(looksLikeDepartmentName(name)).toBe(true));

  test.each(['朱洪双', '成 宇', '12月底', '完成改造。', '记者 王明', '工作目标'])('%s is not', (name) =>
    expect(looksLikeDepartmentName(name)).toBe(false));
});

describe('the categorised layout across a page break', () => {
  test('a repeated 序号 after （上接3版） continues the department; the line above it is not a heading', () => {
    const text = [
      '市民政局', '序号', '（一）指标类', '1', '2', '任务目标', '新增养老床位100张', '建成居家养老服务中心5个', '完成时限', '12月底', '12月底',
      '（下转4版）', '', '（上接3版）', '序号', '（二）项目类', '1', '任务目标', '建成市康养中心', '完成时限', '6月底', '',
      '市教育局', '序号', '（一）指标类', '1', '任务目标', '新建幼儿园3所', '完成时限', '9月底',
    ].join('\n');
    expect(summary(text)).toEqual([
      ['市民政局', 1, '2022-12-31', '', false],
      ['市民政局', 2, '2022-12-31', '', false],
      ['市民政局', 1, '2022-06-30', '', false],
      ['市教育局', 1, '2022-09-30', '', false],
    ]);
  });
});
