import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Db } from '../db/connection';
import { workbookRows } from '../src/cli/documents';
import { ManualClock } from '../src/clock';
import type { Actor } from '../src/domain/actor';
import { parseDocument } from '../src/ingest/parseDocument';
import { readWorkbook, writeWorkbook } from '../src/ingest/xlsx';
import { loadCommitments } from '../src/register/commitments';
import { CampaignInfo, importCommitments } from '../src/register/importer';
import { SIGNALS } from '../src/domain/itemState';
import { openTestDb } from '../testkit/db';
import { readSeed } from './helpers/seeds';

const admin: Actor = { platform: 'cli', id: 'tester', name: '测试' };
const campaign: CampaignInfo = { key: 'c000', title: '承诺事项', sourceDocument: '000.txt', year: 2022, publishedOn: null };
const clock = new ManualClock('2022-11-20T10:00:00+08:00');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-xlsx-cells-'));
const exported = path.join(dir, 'register.xlsx');
let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await openTestDb());
  await importCommitments(db, campaign, parseDocument(readSeed('000_'), 2022).items, admin, clock);
  await db.updateTable('commitments').set({ status: '办理中' }).where('seq', '=', 2).execute();
  await db.updateTable('commitments').set({ status: '已办结', completed_at: clock.now() }).where('seq', '=', 3).execute();
  await writeWorkbook(exported, campaign, workbookRows(await loadCommitments(db, {}), '2022-11-20'));
});
afterAll(() => close());

async function edited(edit: (sheet: ExcelJS.Worksheet) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(exported);
  edit(workbook.getWorksheet('承诺事项')!);
  const file = path.join(dir, `edited-${Math.random().toString(36).slice(2)}.xlsx`);
  await workbook.xlsx.writeFile(file);
  return file;
}

const snapshot = async () => JSON.stringify(await loadCommitments(db, {}));

describe('the exported spreadsheet', () => {
  test('has its status in Chinese and no English code anywhere', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(exported);
    const statuses = new Set<string>();
    const texts: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row, n) => row.eachCell((cell, col) => {
      texts.push(String(cell.value));
      if (sheet.name === '承诺事项' && n > 1 && col === 9) statuses.add(String(cell.value));
    })));
    expect(statuses.size).toBeGreaterThanOrEqual(3);
    for (const status of statuses) expect(Object.values(SIGNALS).map((s) => s.label)).toContain(status);
    expect(texts.filter((t) => /\b(pending|in_progress|done|done_late|review|overdue|due_soon|unacknowledged|true|false|null|undefined)\b/.test(t))).toEqual([]);
  });
});

describe('a bad cell is refused with its sheet, row and column, and nothing is written', () => {
  test.each([
    ['an impossible date', (s: ExcelJS.Worksheet) => (s.getRow(4).getCell(7).value = '2022-13-45'), '“承诺事项”工作表第4行“截止日期”列（G4）：截止日期“2022-13-45”不是有效日期'],
    ['a formula', (s: ExcelJS.Worksheet) => (s.getRow(5).getCell(8).value = { formula: 'A1&B1', result: '童安胜' }), '“承诺事项”工作表第5行“责任领导”列（H5）：单元格是公式'],
    ['an = expression typed as text', (s: ExcelJS.Worksheet) => (s.getRow(6).getCell(5).value = '=HYPERLINK("http://x","点我")'), '“承诺事项”工作表第6行“工作目标”列（E6）：“=HYPERLINK('],
    ['an @ expression', (s: ExcelJS.Worksheet) => (s.getRow(7).getCell(8).value = '@SUM(A1)'), '“承诺事项”工作表第7行“责任领导”列（H7）'],
    ['an error value', (s: ExcelJS.Worksheet) => (s.getRow(8).getCell(8).value = { error: '#N/A' } as ExcelJS.CellErrorValue), '“承诺事项”工作表第8行“责任领导”列（H8）：单元格是错误值 #N/A'],
    ['a non-integer 编号', (s: ExcelJS.Worksheet) => (s.getRow(9).getCell(1).value = '3a'), '“承诺事项”工作表第9行“编号”列（A9）'],
  ])('%s', async (_label, edit, message) => {
    const before = await snapshot();
    const file = await edited(edit);
    await expect(readWorkbook(file)).rejects.toThrow(message);
    expect(await snapshot()).toBe(before);
  });

  test('rich text is read as its text, never as [object Object]', async () => {
    const file = await edited((s) => {
      s.getRow(2).getCell(8).value = { richText: [{ text: '童安', font: { bold: true } }, { text: '胜' }] };
    });
    const { rows } = await readWorkbook(file);
    expect(rows[0].leaders).toEqual(['童安胜']);
    expect(JSON.stringify(rows)).not.toContain('[object Object]');
  });
});
