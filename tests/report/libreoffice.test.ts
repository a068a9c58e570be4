import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildWeeklyReport } from '../../src/report/weeklyReport';
import { completeAndApprove } from '../helpers/lifecycle';
import { reportDone } from '../../src/register/lifecycle';
import { Harness, itemId, OFFICE, openHarness } from '../helpers/harness';
import { systemToolsPresent } from '../helpers/systemTools';

// Each test builds whole documents; on a loaded two-core machine that takes a while.
jest.setTimeout(240_000);

/** LibreOffice and poppler come from Debian (.ci/run installs them); in CI a missing one fails the file, never skips it. */
const maybe = systemToolsPresent(['soffice', 'pdftotext', 'pdfinfo', 'pdftoppm']) ? test : test.skip;
/** The README's picture of the first page is this test's: copy it to docs/ when the layout changes. */
const FIRST_PAGE_PNG = path.join(__dirname, '..', '..', 'screenshots', 'report-first-page.png');

let h: Harness;
let dir: string;

beforeAll(async () => {
  h = await openHarness();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-report-'));
  // One unit closed on time and late, another closed one and reported one for review.
  await completeAndApprove(h.app, OFFICE, new Date('2022-12-12T10:00:00+08:00'), await itemId(h.db, '市委政法委', 1));
  await completeAndApprove(h.app, OFFICE, new Date('2022-12-20T10:00:00+08:00'), await itemId(h.db, '市委政法委', 4));
  await completeAndApprove(h.app, OFFICE, new Date('2022-12-23T16:00:00+08:00'), await itemId(h.db, '市经信局', 2));
  await reportDone(h.db, OFFICE, new Date('2022-12-24T10:00:00+08:00'), { id: await itemId(h.db, '市经信局', 5), note: null }, h.app.config);
  h.clock.set('2022-12-26T09:00:00+08:00');
});
afterAll(async () => {
  await h.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

maybe('LibreOffice renders the bulletin: pages numbered, the text there', async () => {
  const report = await buildWeeklyReport(h.app);
  const docx = path.join(dir, 'report.docx');
  fs.writeFileSync(docx, report.docx);
  // Its own profile directory, so parallel runs do not fight over one.
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { stdio: 'pipe', timeout: 120_000 });
  const pdf = path.join(dir, 'report.pdf');
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  const page = (n: number) => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', pdf, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
  // 69 items: the head and ranking, the chart, 6 overdue, 2 finished and 58 due within 14 days.
  expect(pages).toBeGreaterThanOrEqual(5);
  expect(pages).toBeLessThanOrEqual(12);
  const first = page(1);
  for (const text of ['督查通报', `第${report.data.issue.number}期`, '二〇二二年十二月二十六日', '关于公开承诺事项办理情况的通报', '一、总体情况', '市委政法委', '— 1 —']) {
    expect(first.replace(/ /g, '')).toContain(text.replace(/ /g, ''));
  }
  const all = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const text of ['三、逾期未办结事项', '胡亚军', '四、本周办结事项', '五、下阶段到期事项']) expect(all).toContain(text);
  // Every page carries its number; the last one the page count.
  expect(page(2).replace(/ /g, '')).toContain('—2—');
  expect(page(pages).replace(/ /g, '')).toContain(`—${pages}—`);
  fs.mkdirSync(path.dirname(FIRST_PAGE_PNG), { recursive: true });
  execFileSync('pdftoppm', ['-png', '-f', '1', '-l', '1', '-singlefile', '-scale-to-x', '620', '-scale-to-y', '-1', pdf, FIRST_PAGE_PNG.replace(/\.png$/, '')]);
  expect(fs.readFileSync(FIRST_PAGE_PNG).subarray(1, 4).toString()).toBe('PNG');
});
