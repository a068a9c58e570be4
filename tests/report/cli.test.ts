import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { docxParagraphs, openPackage } from '../helpers/ooxml';
import { seedPath } from '../helpers/seeds';
import { visibleTexts } from '../helpers/visibleText';

// Each test builds whole documents; on a loaded two-core machine that takes a while.
jest.setTimeout(240_000);

const root = path.join(__dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-report-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], now = '2022-12-26T09:00:00+08:00') {
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: path.join(dir, 'data'), BOT_NOW: now, OFFICE_NAME: '永康市督查室' };
  delete env.DATABASE_URL;
  const result = spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: root, encoding: 'utf8', env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('report writes the .docx and .xlsx for the last full week; bad options are refused in Chinese', async () => {
  expect(cli(['import', seedPath('000_'), '--year', '2022', '--campaign', 'yk-2022-11']).code).toBe(0);
  const docx = path.join(dir, '通报.docx');
  const xlsx = path.join(dir, '通报.xlsx');
  const done = cli(['report', '--campaign', 'yk-2022-11', '--docx', docx, '--xlsx', xlsx]);
  expect(done.stderr).toBe('');
  expect(done.stdout).toContain('已生成督查通报第1期（2022-12-19至2022-12-25）');
  expect(done.stdout).toContain('共69项，已办结0项，完成率0%，逾期未办结7项');
  const document = await (await openPackage(fs.readFileSync(docx))).xml('word/document.xml');
  expect(document).toContain('>永康市督查室<');
  expect((await openPackage(fs.readFileSync(xlsx))).names).toContain('xl/workbook.xml');

  const bad = cli(['report', '--campaign', 'nope', '--docx', docx]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('没有批次“nope”');
  const noFile = cli(['report', '--week', '2022-12-19']);
  expect(noFile.code).toBe(2);
  expect(noFile.stderr).toContain('请用 --docx 指定要写入的文件');
});

test('--week reports the week holding that day, --campaign repeats, and a week keeps its 期号 and date in later runs', async () => {
  const imported = cli(['import', seedPath('001_'), '--year', '2022', '--campaign', 'yk-2022-03', '--title', '扛旗争先拼搏实干公开承诺事项']);
  expect(imported.code).toBe(0);
  const added = Number(/新增 (\d+) 项/.exec(imported.stdout)![1]);
  expect(added).toBeGreaterThan(0);
  const docx = path.join(dir, '两批.docx');
  const both = cli(['report', '--campaign', 'yk-2022-11', '--campaign', 'yk-2022-03', '--week', '2022-12-14', '--docx', docx]);
  expect(both.stderr).toBe('');
  expect(both.stdout).toContain('已生成督查通报第2期（2022-12-12至2022-12-18）');
  expect(both.stdout).toContain(`共${69 + added}项`);
  const paragraphs = await docxParagraphs(fs.readFileSync(docx));
  expect(paragraphs).toContain('（12月12日至12月18日）');
  expect(paragraphs.filter((p) => p.startsWith('扛旗争先拼搏实干公开承诺事项：') || p.startsWith('yk-2022-11：'))).toHaveLength(2);

  // Two days later, another process: the week of 12-19 is still 第1期 of 12-26, and a new scope takes the next number.
  const later = '2022-12-28T15:00:00+08:00';
  const again = path.join(dir, '再印.docx');
  expect(cli(['report', '--campaign', 'yk-2022-11', '--week', '2022-12-25', '--docx', again], later).stdout).toContain('已生成督查通报第1期（2022-12-19至2022-12-25）');
  expect((await docxParagraphs(fs.readFileSync(again)))[2]).toBe('永康市督查室\t二〇二二年十二月二十六日');
  expect(cli(['report', '--campaign', 'yk-2022-03', '--docx', again], later).stdout).toContain('已生成督查通报第3期（2022-12-19至2022-12-25）');
});

test('the register export names states in Chinese, not as codes', async () => {
  const out = path.join(dir, 'register.xlsx');
  expect(cli(['export', 'yk-2022-11', '--xlsx', out]).stdout).toContain('已导出 69 项');
  const strings = await (await openPackage(fs.readFileSync(out))).xml('xl/sharedStrings.xml');
  expect(strings).toContain('>已逾期<');
  expect(strings).toContain('>临期<');
  expect(strings).not.toMatch(/>(pending|in_progress|done|overdue|due_soon)</);
  // The 截止日期 column stays 2022-12-31 so the sheet imports back; no code, boolean or empty value shows.
  const codes = (await visibleTexts(fs.readFileSync(out))).filter((t) => /^(pending|in_progress|done|overdue|due_soon|true|false|null|undefined|NaN)$/i.test(t.text) || t.where.startsWith('cell of type'));
  expect(codes).toEqual([]);
});
