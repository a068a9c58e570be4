import { parseDocument } from '../src/ingest/parseDocument';
import { readSeed } from './helpers/seeds';

describe('001: the categorised list', () => {
  const { layout, items } = parseDocument(readSeed('001_'), 2022);
  const of = (department: string) => items.filter((i) => i.department === department);

  test('finds the seven departments, their categories and counts', () => {
    expect(layout).toBe('categorised');
    const counts = Object.fromEntries([...new Set(items.map((i) => i.department))].map((d) => [d, of(d!).length]));
    expect(counts).toEqual({
      市发展和改革局: 17, 市经济和信息化局: 29, 市教育局: 12, 市科学技术局: 18,
      市民政局: 13, 市人力社保局: 3, 市自然资源和规划局: 23,
    });
    expect(of('市民政局').map((i) => i.category)).toEqual([
      ...Array(8).fill('指标类'), ...Array(3).fill('项目类'), ...Array(2).fill('政策类'),
    ]);
  });

  test('columns printed after the table (科技局 continued) go to the right department', () => {
    const tech = of('市科学技术局');
    expect(tech[5]).toMatchObject({ category: '指标类', seq: 6, text: '实施五金产业关键共性技术攻关项目3项，争取省级重点科技专项1项', deadline: '2022-12-31' });
    expect(tech[9]).toMatchObject({ category: '项目类', seq: 1, text: '正式运行工业设计、健康医疗器械产业技术研究院', deadline: '2022-05-31' });
  });

  test('wrapped lines are rejoined only where the counts require it', () => {
    expect(of('市民政局')[0].text).toBe('城乡居民最低生活保障年标准提高到11000元，孤困儿童年保障标准达21000元以上');
    expect(of('市民政局')[9].text).toBe('实现14个镇（街道）居家养老服务中心无感服务智能终端全覆盖');
    expect(of('市发展和改革局')[0].text).toBe('全年GDP增长7.5%，城镇居民人均可支配收入与经济增长同步');
  });

  test('missing seq numbers are filled in but flagged for review', () => {
    const projects = of('市发展和改革局').filter((i) => i.category === '项目类');
    expect(projects.map((i) => i.seq)).toEqual([1, 2, 3, 4, 5]);
    // Printed 1 2 3 5: only the filled-in 4 was inferred, so only it is flagged.
    expect(projects.filter((i) => i.needsReview).map((i) => i.seq)).toEqual([4]);
    expect(projects[3].reviewReasons).toEqual(['项目类第4项的序号未印出（印出1、2、3、5），系按顺序补齐']);
    expect(of('市发展和改革局').filter((i) => i.category === '指标类').every((i) => !i.needsReview)).toBe(true);
  });

  test('the preamble is not a commitment and there are no leaders to invent', () => {
    expect(items.some((i) => /YONGKANG|接受社会监督/.test(i.text))).toBe(false);
    expect(items.every((i) => i.leaders.length === 0)).toBe(true);
  });

  test('when text and seq counts cannot agree, everything is left for review', () => {
    const page = '市某局\n序号\n（一）指标类\n1\n2\n任务目标\n甲事项\n乙事项\n丙事项\n完成时限\n12月底前\n6月底前\n3月底前';
    const parsed = parseDocument(page, 2022).items;
    expect(parsed).toHaveLength(3);
    expect(parsed.every((i) => i.needsReview && i.category === null)).toBe(true);
    expect(parsed[0].reviewReasons[0]).toMatch(/任务目标与序号无法对齐/);
  });
});

describe('002 and 004: narrative plans', () => {
  test('002: candidates under their 关键词, no department, all need review', () => {
    const { layout, items } = parseDocument(readSeed('002_'), 2022);
    expect(layout).toBe('narrative');
    expect(items.length).toBeGreaterThan(20);
    expect(items.every((i) => i.department === null && i.needsReview && i.leaders.length === 0)).toBe(true);
    const fire = items.find((i) => i.reviewReasons[0].includes('消防安全'));
    expect(fire).toMatchObject({ deadline: '2022-09-30', deadlineText: '9月底' });
    expect(items.find((i) => i.text.includes('下降20%以上'))?.reviewReasons[0]).toContain('除险保安');
    expect(new Set(items.map((i) => i.seq)).size).toBe(items.length);
  });

  test('004: sections （一）…（六）', () => {
    const { items } = parseDocument(readSeed('004_'), 2022);
    expect(items.length).toBeGreaterThan(20);
    expect(items[0].reviewReasons[0]).toContain('着力打造现代产业体系');
    expect(items.some((i) => i.text === '举办规模展会40场以上。')).toBe(true);
    expect(items.every((i) => /\d|[一二三四五六七八九十百千万]/.test(i.text))).toBe(true);
  });
});
