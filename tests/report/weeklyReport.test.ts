import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { buildWeeklyReport } from '../../src/report/weeklyReport';
import { summariseCounts } from '../../src/domain/itemState';
import { UNASSIGNED_DEPARTMENT } from '../../src/domain/weeklyFigures';
import { countStates } from '../../src/register/stateCounts';
import { completeAndApprove } from '../helpers/lifecycle';
import { decideExtension, requestExtension } from '../../src/register/extensions';
import { reportDone } from '../../src/register/lifecycle';
import { feishuUser, Harness, itemId, OFFICE, openHarness } from '../helpers/harness';
import { docxParagraphs, docxRuns, openPackage, packageProblems, wordprocessingProblems } from '../helpers/ooxml';
import { leaks, visibleTexts } from '../helpers/visibleText';

// Each test builds whole documents; on a loaded two-core machine that takes a while.
jest.setTimeout(240_000);

let h: Harness;

beforeAll(async () => {
  h = await openHarness();
  // 政法委 #1 closed the week before; 政法委 #4 (due 11-15, so late) and 经信局 #2 in the reported week (12-19 to 12-25).
  await completeAndApprove(h.app, OFFICE, new Date('2022-12-12T10:00:00+08:00'), await itemId(h.db, '市委政法委', 1));
  await completeAndApprove(h.app, OFFICE, new Date('2022-12-20T10:00:00+08:00'), await itemId(h.db, '市委政法委', 4));
  await completeAndApprove(h.app, OFFICE, new Date('2022-12-23T16:00:00+08:00'), await itemId(h.db, '市经信局', 2));
  // 经信局 #5 reported done, not yet approved; 经信局 #1 (due 11-30) extended to 2023-01-05 by its leader and the office.
  await reportDone(h.db, OFFICE, new Date('2022-12-24T10:00:00+08:00'), { id: await itemId(h.db, '市经信局', 5), note: null }, h.app.config);
  await h.db.updateTable('leaders').set({ feishu_open_id: 'ou_hu' }).where('name', '=', '胡亚军').execute();
  const first = await itemId(h.db, '市经信局', 1);
  const at = new Date('2022-11-28T10:00:00+08:00');
  expect((await requestExtension(h.db, feishuUser('ou_hu'), at, { id: first, deadline: '2023-01-05', reason: '设备延迟到货', today: '2022-11-28' }, h.app.config)).ok).toBe(true);
  expect((await decideExtension(h.db, OFFICE, at, { id: first, grant: true, note: null }, h.app.config)).ok).toBe(true);
});
afterAll(() => h.close());

const MONDAY = '2022-12-26T09:00:00+08:00';

test('two departments against a hand count, and every figure equal to /digest at the same clock', async () => {
  h.clock.set(MONDAY);
  const { data } = await buildWeeklyReport(h.app);
  expect([data.weekStart, data.weekEnd, data.asOfDay]).toEqual(['2022-12-19', '2022-12-25', '2022-12-26']);
  const row = (name: string) => data.ranking.find((r) => r.name === name)!;
  // 政法委: 5 items, #1 (on time) and #4 (35 days late) closed → 40%, on time 1 of 5 → 20%; nothing overdue.
  expect(row('市委政法委')).toMatchObject({ rank: 1, lagging: false, summary: { total: 5, done: 2, doneOnTime: 1, doneLate: 1, overdue: 0, extended: 0, rate: 40 } });
  // 经信局: 8 items, #2 closed → 12.5% → 13%; #5 awaits review; #4 and #6 were due 11-30 → 2 overdue; #1 extended.
  expect(row('市经信局')).toMatchObject({ lagging: true, summary: { total: 8, done: 1, doneOnTime: 1, doneLate: 0, awaitingReview: 1, overdue: 2, extended: 1, rate: 13 } });
  expect(data.overdue.filter((i) => i.department === '市经信局').map((i) => [i.deadline, i.daysOverdue, i.leaders]))
    .toEqual([['2022-11-30', 26, '胡晓超'], ['2022-11-30', 26, '吕雄杰']]);
  expect(data.completed.map((i) => [i.department, i.closedOn, i.daysLate])).toEqual([['市委政法委', '2022-12-20', 35], ['市经信局', '2022-12-23', 0]]);
  // 政法委 #2, #3, #5 are due 12-31, within 14 days.
  expect(data.dueAhead.filter((i) => i.department === '市委政法委')).toHaveLength(3);

  const digest = (await h.say(OFFICE, '/digest')).text;
  expect(digest).toContain(`完成率 ${data.total.rate}%，逾期 ${data.total.overdue} 项`);
  for (const r of data.ranking) {
    const late = r.summary.doneLate ? `（逾期办结 ${r.summary.doneLate}）` : '';
    expect(digest).toContain(`${r.rank}. ${r.name}：${r.summary.total} 项 · 已办结 ${r.summary.done}${late} · 逾期未办结 ${r.summary.overdue} · ${r.summary.rate}%`);
  }
  expect(digest).toContain(`14天内到期（${data.dueAhead.length}）`);
  expect(digest).toContain(`逾期事项（${data.overdue.length}）`);

  // The register counted in SQL (as the console does), department by department and in all.
  const counted = await countStates(h.db, data.asOfDay);
  const ofDepartment = (name: string) => summariseCounts(counted.filter((c) => (c.departmentName ?? UNASSIGNED_DEPARTMENT) === name));
  expect(data.ranking.map((r) => [r.name, ofDepartment(r.name)])).toEqual(data.ranking.map((r) => [r.name, r.summary]));
  expect(summariseCounts(counted)).toEqual(data.total);
});

test('the document: head, summary from the numbers, tables with the lagging rows marked', async () => {
  h.clock.set(MONDAY);
  const report = await buildWeeklyReport(h.app);
  const paragraphs = await docxParagraphs(report.docx);
  const number = report.data.issue.number;
  expect(paragraphs.slice(0, 3)).toEqual(['督查通报', `第${number}期`, '督查室\t二〇二二年十二月二十六日']);
  expect(paragraphs).toContain('关于公开承诺事项办理情况的通报');
  const summary = paragraphs.find((p) => p.startsWith('截至'))!;
  expect(summary).toContain(`共${report.data.total.total}项，已办结${report.data.total.done}项`);
  expect(summary).toContain(`总体完成率${report.data.total.rate}%，按时办结率3%`);
  expect(summary).toContain('新办结2项');
  expect(summary).toContain('完成率最高的是市委政法委（40%）');
  expect(summary).toContain('已办结3项（按时办结2项、逾期办结1项）');
  expect(summary).toContain('待审核1项');
  expect(summary).toContain(`逾期未办结${report.data.total.overdue}项`);
  expect(report.data.total.overdue).toBeGreaterThan(0);
  expect(summary).toContain('经批准延期1项');
  expect(summary).toMatch(/市经信局（2项）.*有逾期未办结事项/);
  const ranking = paragraphs.slice(paragraphs.indexOf('排名'), paragraphs.indexOf('排名') + 10);
  expect(ranking).toEqual(['排名', '单位', '事项数', '已办结', '逾期办结', '待审核', '逾期未办结', '延期', '完成率', '按时办结率']);
  const politics = paragraphs.indexOf('市委政法委');
  expect(paragraphs.slice(politics - 1, politics + 9)).toEqual(['1', '市委政法委', '5', '2', '1', '0', '0', '0', '40%', '20%']);
  expect(paragraphs).toContain('逾期35天');
  expect(paragraphs).toContain('2023年1月5日（延期，原定11月30日）');
  expect(paragraphs.filter((p) => /^[一二三四五六]、/.test(p))).toEqual(['一、总体情况', '二、各单位办理情况', '三、逾期未办结事项', '四、本周办结事项', '五、下阶段到期事项（14天内）']);
  // The 经信局 row is shaded and bold; the 政法委 row is not.
  const xml = await (await openPackage(report.docx)).xml('word/document.xml');
  const rowOf = (name: string) => xml.split('<w:tr>').find((r) => r.includes(`<w:t xml:space="preserve">${name}</w:t>`) && r.includes('%</w:t>'))!;
  expect(rowOf('市经信局')).toContain('w:fill="D9D9D9"');
  expect(rowOf('市委政法委')).not.toContain('w:fill="D9D9D9"');
  // GB/T 9704: A4, the margins, fonts by name.
  expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
  expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
  expect(xml).toContain('w:eastAsia="方正小标宋简体"');
  expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
  expect(xml).toContain('w:eastAsia="黑体"');
});

test('GB/T 9704 typography: 小标宋 二号 title, 仿宋 三号 body at 22 lines, 黑体 headings, 楷体 issue number, 四号 page numbers outside', async () => {
  h.clock.set(MONDAY);
  const report = await buildWeeklyReport(h.app);
  const pkg = await openPackage(report.docx);
  const runs = docxRuns(await pkg.xml('word/document.xml'));
  const style = (text: string) => {
    const run = runs.find((r) => r.text === text || (text.endsWith('…') && r.text.startsWith(text.slice(0, -1))));
    return run && { font: run.font, size: run.size };
  };
  expect(style('关于公开承诺事项办理情况的通报')).toEqual({ font: '方正小标宋简体', size: 44 });
  expect(runs.find((r) => r.text === '督查通报')).toMatchObject({ font: '方正小标宋简体', color: 'C00000' });
  expect(style(`第${report.data.issue.number}期`)).toEqual({ font: '楷体_GB2312', size: 32 });
  expect(style('截至…')).toEqual({ font: '仿宋_GB2312', size: 32 });
  const headings = runs.filter((r) => /^[一二三四五六]、/.test(r.text));
  expect(headings.length).toBeGreaterThanOrEqual(4);
  for (const heading of headings) expect(heading).toMatchObject({ font: '黑体', size: 32 });
  // The body's default and its fixed line pitch: 22 lines in the 225 mm type area (12,756 twips).
  const styles = await pkg.xml('word/styles.xml');
  expect(styles).toMatch(/<w:rPrDefault><w:rPr><w:rFonts[^>]*w:eastAsia="仿宋_GB2312"[^>]*\/><w:sz w:val="32"\/>/);
  const pitch = Number(/<w:pPrDefault><w:pPr><w:spacing[^>]*w:line="(\d+)" w:lineRule="exact"/.exec(styles)![1]);
  // The widest pitch at which 22 lines still fit.
  expect(pitch * 22).toBeLessThanOrEqual(12756);
  expect((pitch + 1) * 22).toBeGreaterThan(12756);
  // Odd pages number at the right, even pages at the left: — 1 — in 四号 宋体.
  const rels = await pkg.xml('word/_rels/document.xml.rels');
  const footer = async (type: string) => {
    const id = new RegExp(`<w:footerReference w:type="${type}" r:id="([^"]+)"`).exec(await pkg.xml('word/document.xml'))![1];
    return pkg.xml(`word/${new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)![1]}`);
  };
  for (const [type, side] of [['default', 'right'], ['even', 'left']]) {
    const xml = await footer(type);
    expect(xml).toContain(`<w:jc w:val="${side}"/>`);
    expect(docxRuns(xml).filter((r) => r.text)).toEqual([
      expect.objectContaining({ text: '— ', font: '宋体', size: 28 }), expect.objectContaining({ text: ' —', font: '宋体', size: 28 }),
    ]);
  }
});

test('the docx is a valid Office Open XML package with a chart image; the xlsx too, in Chinese', async () => {
  h.clock.set(MONDAY);
  const report = await buildWeeklyReport(h.app, { xlsx: true });
  expect(await packageProblems(report.docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')).toEqual([]);
  expect(await wordprocessingProblems(report.docx)).toEqual([]);
  // The schema checks bite: alignment before spacing, and a picture pointing nowhere.
  const zip = await JSZip.loadAsync(report.docx);
  const body = await zip.file('word/document.xml')!.async('string');
  const broken = body.replace(/<w:spacing ([^>]*)\/><w:jc w:val="center"\/>/, '<w:jc w:val="center"/><w:spacing $1/>').replace('r:embed="', 'r:embed="x');
  zip.file('word/document.xml', broken);
  expect(await wordprocessingProblems(await zip.generateAsync({ type: 'nodebuffer' }))).toEqual([
    expect.stringContaining('w:spacing comes too late in w:pPr'), expect.stringContaining('names no relationship'),
  ]);
  const docx = await openPackage(report.docx);
  const media = docx.names.filter((n) => n.startsWith('word/media/'));
  expect(media).toHaveLength(1);
  expect(docx.names).toEqual(expect.arrayContaining(['word/footer1.xml', 'word/footer2.xml', 'word/settings.xml']));
  expect(await docx.xml('word/settings.xml')).toContain('<w:evenAndOddHeaders');
  expect(await docx.xml('word/footer1.xml')).toContain('PAGE');

  expect(await packageProblems(report.xlsx!, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')).toEqual([]);
  const texts = (await visibleTexts(report.xlsx!)).map((t) => t.text);
  expect(texts).toEqual(expect.arrayContaining(['排名', '单位', '逾期天数', '责任领导', '市经信局', '胡晓超', '各单位办理情况']));
  // The workbook's ranking holds the document's numbers, with the lagging units shaded.
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(report.xlsx! as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('各单位办理情况')!;
  const rows = new Map<string, { values: unknown[]; fill?: string }>();
  sheet.eachRow((row, n) => n > 1 && rows.set(String(row.getCell(2).value), {
    values: (row.values as unknown[]).slice(1, 11),
    fill: (row.getCell(1).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb,
  }));
  expect(rows.get('市委政法委')).toEqual({ values: [1, '市委政法委', 5, 2, 1, 0, 0, 0, '40%', '20%'], fill: undefined });
  expect(rows.get('市经信局')?.fill).toBe('FFD9D9D9');
  expect([...rows.values()].filter((r) => r.fill).length).toBe(report.data.ranking.filter((r) => r.lagging).length);
});

test('no code, English word or ISO date anywhere a reader looks, in the docx or the xlsx', async () => {
  h.clock.set(MONDAY);
  const report = await buildWeeklyReport(h.app, { xlsx: true });
  const quoted = [...report.data.overdue, ...report.data.completed, ...report.data.dueAhead].map((i) => i.text);
  const docx = await visibleTexts(report.docx);
  const xlsx = await visibleTexts(report.xlsx!);
  // The scan reaches the body, the document properties, the picture's name, the sheet tabs and cells.
  expect(docx.map((t) => t.where)).toEqual(expect.arrayContaining(['w:t', 'dc:title', 'cp:lastModifiedBy', 'wp:docPr@descr']));
  expect(xlsx.map((t) => t.where)).toEqual(expect.arrayContaining(['t', 'sheet@name', 'dc:creator']));
  expect(quoted.some((text) => /[A-Za-z]/.test(text))).toBe(true);
  expect(leaks(docx, quoted)).toEqual([]);
  expect(leaks(xlsx, quoted)).toEqual([]);
});

test('a week keeps its issue number; numbers count up per year', async () => {
  h.clock.set(MONDAY);
  const first = (await buildWeeklyReport(h.app)).data.issue;
  h.clock.set('2023-01-03T09:00:00+08:00');
  const next = (await buildWeeklyReport(h.app)).data;
  expect([next.weekStart, next.issue.year, next.issue.number]).toEqual(['2022-12-26', 2023, 1]);
  const again = (await buildWeeklyReport(h.app, { week: '2022-12-21' })).data.issue;
  expect(again).toEqual(first);
  expect((await buildWeeklyReport(h.app, { week: '2022-12-14' })).data.issue).toEqual({ year: 2023, number: 2, issuedOn: '2023-01-03' });
  const log = await h.db.selectFrom('activity_log').select('summary').where('action', '=', 'report.issue').orderBy('id').execute();
  expect(log.map((l) => l.summary)).toEqual(['督查通报2022年第1期（2022-12-19起一周）', '督查通报2023年第1期（2022-12-26起一周）', '督查通报2023年第2期（2022-12-12起一周）']);
});

test('a past week is reported as it stood when it ended', async () => {
  await completeAndApprove(h.app, OFFICE, new Date('2022-12-27T11:00:00+08:00'), await itemId(h.db, '市经信局', 3));
  h.clock.set('2023-01-03T09:00:00+08:00');
  const { data } = await buildWeeklyReport(h.app, { week: '2022-12-19' });
  expect(data.asOfDay).toBe('2022-12-26');
  // 经信局 #3, finished on 12-27, does not count for the week of 12-19.
  expect(data.ranking.find((r) => r.name === '市经信局')!.summary.done).toBe(1);
});

test('a campaign with nothing due says so in one line, and empty sections are left out', async () => {
  h.clock.set('2022-10-10T09:00:00+08:00');
  const report = await buildWeeklyReport(h.app);
  const paragraphs = await docxParagraphs(report.docx);
  expect(paragraphs.filter((p) => p.includes('本期无逾期和临近到期事项'))).toHaveLength(1);
  expect(paragraphs.filter((p) => /^[一二三四五六]、/.test(p))).toEqual(['一、总体情况', '二、各单位办理情况']);
  // Nothing completed yet: no chart of empty bars.
  expect((await openPackage(report.docx)).names.filter((n) => n.startsWith('word/media/'))).toEqual([]);
});

test('a campaign without items: one line, no figures of zero, no tables', async () => {
  await h.db.insertInto('campaigns').values({ key: 'empty-2022', title: '尚未导入事项的批次', source_document: '空.txt', year: 2022, published_on: null }).execute();
  h.clock.set(MONDAY);
  const report = await buildWeeklyReport(h.app, { campaignKeys: ['empty-2022'], xlsx: true });
  const paragraphs = await docxParagraphs(report.docx);
  const body = paragraphs.slice(paragraphs.indexOf('一、总体情况'));
  expect(body).toEqual(['一、总体情况', '截至12月26日，本批次暂无承诺事项。', '督查室', '二〇二二年十二月二十六日']);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(report.xlsx! as unknown as ArrayBuffer);
  expect(book.worksheets.map((w) => w.name)).toEqual(['总体情况']);
});

test('bad requests are refused in Chinese', async () => {
  h.clock.set(MONDAY);
  await expect(buildWeeklyReport(h.app, { campaignKeys: ['nope'] })).rejects.toThrow('没有批次“nope”');
  await expect(buildWeeklyReport(h.app, { week: '2022-13-01' })).rejects.toThrow('不是有效日期');
  await expect(buildWeeklyReport(h.app, { week: '2023-02-01' })).rejects.toThrow('还没有开始');
});

test('a control character in an item or a unit name (pasted from a PDF) does not break either file', async () => {
  h.clock.set(MONDAY);
  const id = await itemId(h.db, '市经信局', 4);
  const before = await h.db.selectFrom('commitments').select('text').where('id', '=', id).executeTakeFirstOrThrow();
  await h.db.updateTable('commitments').set({ text: `${before.text}\u0001\f附件` }).where('id', '=', id).execute();
  await h.db.updateTable('departments').set({ name: '市经信局\u0008' }).where('name', '=', '市经信局').execute();
  try {
    const report = await buildWeeklyReport(h.app, { xlsx: true });
    expect(await packageProblems(report.docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml')).toEqual([]);
    expect(await packageProblems(report.xlsx!, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml')).toEqual([]);
    expect(await docxParagraphs(report.docx)).toContain(`${before.text}附件`);
  } finally {
    await h.db.updateTable('commitments').set({ text: before.text }).where('id', '=', id).execute();
    await h.db.updateTable('departments').set({ name: '市经信局' }).where('name', '=', '市经信局\u0008').execute();
  }
});
