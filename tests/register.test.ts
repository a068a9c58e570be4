import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Db } from '../db/connection';
import { ManualClock } from '../src/clock';
import type { Actor } from '../src/domain/actor';
import { workbookRows } from '../src/cli/documents';
import { parseDocument } from '../src/ingest/parseDocument';
import { readWorkbook, writeWorkbook } from '../src/ingest/xlsx';
import { loadCommitments } from '../src/register/commitments';
import { findDepartment } from '../src/register/departments';
import { CampaignInfo, importCommitments, MAX_IMPORT_ITEMS } from '../src/register/importer';
import { openTestDb } from '../testkit/db';
import { readSeed } from './helpers/seeds';

const admin: Actor = { platform: 'cli', id: 'tester', name: '测试' };
const campaign: CampaignInfo = { key: 'c000', title: '承诺事项', sourceDocument: '000.txt', year: 2022, publishedOn: '2022-11-04' };
const clock = new ManualClock('2022-11-05T10:00:00+08:00');
let db: Db;
let close: () => Promise<void>;
const items = parseDocument(readSeed('000_'), 2022).items;

beforeAll(async () => {
  ({ db, close } = await openTestDb());
});
afterAll(() => close());

const logCount = async () => Number((await db.selectFrom('activity_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('importing a campaign', () => {
  test('stores every item with its department, leaders and deadline', async () => {
    const result = await importCommitments(db, campaign, items, admin, clock);
    expect(result).toMatchObject({ created: 69, updated: 0, unchanged: 0 });
    const stored = await loadCommitments(db, { campaignId: result.campaignId });
    expect(stored).toHaveLength(69);
    const first = stored.find((c) => c.departmentHeading === '市委政法委' && c.seq === 3)!;
    expect(first.leaders.map((l) => l.name)).toEqual(['俞文胜', '李红英']);
    expect(first).toMatchObject({ deadline: '2022-12-31', deadlineText: '12月底', status: '办理中', needsReview: false });
    const campaignRow = await db.selectFrom('campaigns').selectAll().executeTakeFirstOrThrow();
    expect(campaignRow).toMatchObject({ title: '承诺事项', year: 2022, published_on: '2022-11-04', source_document: '000.txt' });
  });

  test('importing the same file again changes nothing and logs nothing', async () => {
    const before = await logCount();
    const result = await importCommitments(db, campaign, items, admin, clock);
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 69 });
    expect(await logCount()).toBe(before);
  });

  test('a corrected file updates in place and logs before/after', async () => {
    const corrected = items.map((i) =>
      i.department === '生态环境永康分局' && i.seq === 1
        ? { ...i, leaders: ['程振奋'], needsReview: false, reviewReasons: [] }
        : i,
    );
    const [target] = await loadCommitments(db, {});
    const idBefore = (await db.selectFrom('commitments').select('id').where('source_key', '=', '生态环境永康分局||1').executeTakeFirstOrThrow()).id;
    clock.set('2022-11-06T09:00:00+08:00');
    const result = await importCommitments(db, campaign, corrected, admin, clock);
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 68 });
    const [item] = await loadCommitments(db, { ids: [idBefore] });
    expect(item.leaders.map((l) => l.name)).toEqual(['程振奋']);
    expect(item.needsReview).toBe(false);
    const log = await db.selectFrom('activity_log').selectAll().where('commitment_id', '=', idBefore).where('action', '=', 'import.update').executeTakeFirstOrThrow();
    expect(log.before).toMatchObject({ leaders: [], needsReview: true });
    expect(log.after).toMatchObject({ leaders: ['程振奋'], needsReview: false });
    expect(log.actor_id).toBe('tester');
    expect(log.at.toISOString()).toBe('2022-11-06T01:00:00.000Z');
    expect(target).toBeDefined();
  });

  test('the activity log is append-only in the database itself', async () => {
    await expect(db.deleteFrom('activity_log').execute()).rejects.toThrow(/append-only/);
    await expect(sql`update activity_log set summary = 'x'`.execute(db)).rejects.toThrow(/append-only/);
  });

  test('a duplicate item in one file is refused and nothing is stored', async () => {
    const before = await logCount();
    await expect(importCommitments(db, { ...campaign, key: 'dup' }, [items[0], items[0]], admin, clock)).rejects.toThrow(/重复/);
    expect(await db.selectFrom('campaigns').select('id').where('key', '=', 'dup').executeTakeFirst()).toBeUndefined();
    expect(await logCount()).toBe(before);
  });

  test('an input over the sane size is refused in Chinese and nothing is stored', async () => {
    const before = await logCount();
    const huge = Array.from({ length: MAX_IMPORT_ITEMS + 1 }, (_, i) => ({ ...items[0], seq: i + 1 }));
    await expect(importCommitments(db, { ...campaign, key: 'huge' }, huge, admin, clock)).rejects.toThrow(`一次导入 ${MAX_IMPORT_ITEMS + 1} 项，超过上限 ${MAX_IMPORT_ITEMS} 项`);
    expect(await db.selectFrom('campaigns').select('id').where('key', '=', 'huge').executeTakeFirst()).toBeUndefined();
    expect(await logCount()).toBe(before);
  });
});

describe('departments', () => {
  test.each([
    ['市发改局', '市发改局'],
    ['市发展和改革局', '市发改局'],
    ['发改', '市发改局'],
    ['市经济和信息化局', '市经信局'],
    ['市科学技术局', '市科技局'],
    ['市 科技局', '市科技局'],
    ['生态环境', '生态环境永康分局'],
  ])('%s → %s', async (query, name) => {
    const found = await findDepartment(db, query);
    expect(found.kind).toBe('found');
    expect(found.kind === 'found' && found.department.name).toBe(name);
  });

  test('an ambiguous fragment lists the candidates', async () => {
    const found = await findDepartment(db, '局');
    expect(found.kind).toBe('ambiguous');
    expect(found.kind !== 'found' && found.candidates.length).toBeGreaterThan(3);
  });

  test('an unknown name suggests the closest', async () => {
    const found = await findDepartment(db, '市发展改革委');
    expect(found.kind).toBe('unknown');
    expect(found.kind !== 'found' && found.candidates[0].name).toBe('市发改局');
  });
});

describe('spreadsheet round trip', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-xlsx-'));
  const file = path.join(dir, 'register.xlsx');

  async function exportTo(target: string) {
    const stored = await loadCommitments(db, {});
    await writeWorkbook(target, campaign, workbookRows(stored, '2022-11-05'));
    return stored;
  }

  test('export then import is lossless', async () => {
    const stored = await exportTo(file);
    const { campaign: readBack, rows } = await readWorkbook(file);
    expect(readBack).toEqual(campaign);
    expect(rows).toHaveLength(stored.length);
    const result = await importCommitments(db, readBack, rows, admin, clock, 'spreadsheet');
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 69 });
  });

  test('needs-review rows are highlighted with their reasons', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('承诺事项')!;
    const flagged: number[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(10).value === '是') flagged.push(n);
    });
    expect(flagged.length).toBe(26);
    const row = sheet.getRow(flagged[0]);
    expect((row.getCell(1).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFF2CC');
    expect(String(row.getCell(11).value)).toMatch(/无法对齐/);
  });

  test('corrections made in Excel come back and are logged', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('承诺事项')!;
    let edited = 0;
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(2).value === '市发改局' && row.getCell(4).value === 1) {
        row.getCell(8).value = '王珍妮、成 宇';
        row.getCell(10).value = '否';
        row.getCell(11).value = '';
        row.getCell(7).value = new Date(Date.UTC(2022, 11, 20));
        edited++;
      }
    });
    expect(edited).toBe(1);
    const fixed = path.join(dir, 'fixed.xlsx');
    await workbook.xlsx.writeFile(fixed);
    const { campaign: c, rows } = await readWorkbook(fixed);
    const result = await importCommitments(db, c, rows, admin, clock, 'spreadsheet');
    expect(result).toMatchObject({ updated: 1, unchanged: 68 });
    const item = (await loadCommitments(db, {})).find((i) => i.departmentHeading === '市发改局' && i.seq === 1)!;
    expect(item.leaders.map((l) => l.name)).toEqual(['王珍妮', '成宇']);
    expect(item).toMatchObject({ needsReview: false, deadline: '2022-12-20' });
  });

  test('a malformed spreadsheet names the row and imports nothing', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('承诺事项')!;
    sheet.getRow(3).getCell(7).value = '下个月';
    sheet.getRow(2).getCell(5).value = '被改掉的文字';
    const broken = path.join(dir, 'broken.xlsx');
    await workbook.xlsx.writeFile(broken);
    await expect(readWorkbook(broken)).rejects.toThrow('“承诺事项”工作表第3行“截止日期”列（G3）：截止日期“下个月”不是有效日期');
  });
});
