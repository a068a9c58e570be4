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
import { CommitmentView, loadCommitments } from '../src/register/commitments';
import { markSetByPerson } from '../src/register/fieldProvenance';
import { CampaignInfo, importCommitments } from '../src/register/importer';
import { openTestDb } from '../testkit/db';
import { readSeed } from './helpers/seeds';

const office: Actor = { platform: 'cli', id: 'office', name: '督查室' };
const campaign: CampaignInfo = { key: 'c000', title: '承诺事项', sourceDocument: '000.txt', year: 2022, publishedOn: null };
const clock = new ManualClock('2022-11-05T10:00:00+08:00');
const source = parseDocument(readSeed('000_'), 2022).items;
/** The same list republished with one item revised. */
const revised = source.map((i) => (i.department === '市发改局' && i.seq === 1
  ? { ...i, deadline: '2022-11-30', deadlineText: '11月底', text: `${i.text}（修订）` } : i));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-provenance-'));
let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await openTestDb());
  await importCommitments(db, campaign, source, office, clock);
}, 120_000);
afterAll(() => close());

const item = async (department: string, seq: number): Promise<CommitmentView> =>
  (await loadCommitments(db, {})).find((i) => i.departmentHeading === department && i.seq === seq)!;
const logOf = (id: number, action: string) =>
  db.selectFrom('activity_log').selectAll().where('commitment_id', '=', id).where('action', '=', action).orderBy('id').execute();

/** Export, let a person edit rows in Excel, import the workbook back. */
async function correctInExcel(edit: (row: ExcelJS.Row) => void, department: string, seq: number) {
  const file = path.join(dir, `export-${Math.random().toString(36).slice(2)}.xlsx`);
  await writeWorkbook(file, campaign, workbookRows(await loadCommitments(db, {}), '2022-11-05'));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  workbook.getWorksheet('承诺事项')!.eachRow((row, n) => {
    if (n > 1 && row.getCell(2).value === department && row.getCell(4).value === seq) edit(row);
  });
  await workbook.xlsx.writeFile(file);
  const { campaign: c, rows } = await readWorkbook(file);
  return importCommitments(db, c, rows, office, clock, 'spreadsheet');
}

describe('nothing a person fixed is ever lost', () => {
  test('an Excel correction is logged with Chinese field names and before → after values', async () => {
    const result = await correctInExcel((row) => {
      row.getCell(8).value = '王珍妮、成 宇';
      row.getCell(7).value = '2022-12-20';
      row.getCell(10).value = '否';
      row.getCell(11).value = '';
    }, '市发改局', 1);
    expect(result).toMatchObject({ updated: 1, unchanged: 68 });
    const fixed = await item('市发改局', 1);
    const [log] = await logOf(fixed.id, 'import.update');
    expect(log.summary).toContain('表格修改了：');
    expect(log.summary).toContain('截止日期：2022-12-31 → 2022-12-20');
    expect(log.summary).toContain('责任领导：（空） → 王珍妮、成宇');
    expect(log.summary).toContain('需核对：是 → 否');
    const stored = await db.selectFrom('commitments').select(['person_fields', 'source_values']).where('id', '=', fixed.id).executeTakeFirstOrThrow();
    expect(Object.keys(stored.person_fields).sort()).toEqual(['deadline', 'leaders', 'needsReview', 'reviewReasons']);
    expect(stored.person_fields.leaders.by).toBe('督查室');
    expect(stored.source_values).toMatchObject({ leaders: [], deadline: '2022-12-31', needsReview: true });
  });

  test('re-importing the unchanged source keeps the correction and changes nothing', async () => {
    const result = await importCommitments(db, campaign, source, office, clock);
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: 69, conflicts: 0 });
    expect(await item('市发改局', 1)).toMatchObject({
      deadline: '2022-12-20', needsReview: false, reviewReasons: [], leaders: [expect.objectContaining({ name: '王珍妮' }), expect.objectContaining({ name: '成宇' })],
    });
  });

  test('when the source itself changes a corrected field, the person’s value is kept and the item flagged with both values', async () => {
    const result = await importCommitments(db, campaign, revised, office, clock);
    expect(result).toMatchObject({ updated: 1, unchanged: 68, conflicts: 1 });
    const after = await item('市发改局', 1);
    expect(after.deadline).toBe('2022-12-20');
    expect(after.deadlineText).toBe('11月底');
    expect(after.text).toMatch(/（修订）$/);
    expect(after.needsReview).toBe(true);
    expect(after.reviewReasons).toEqual(['来源文件的截止日期由“2022-12-31”改为“2022-11-30”，与人工修改的“2022-12-20”不同：已保留人工修改，请核对']);
    const [conflict] = await logOf(after.id, 'import.conflict');
    expect(conflict.before).toEqual({ deadline: '2022-12-20' });
    expect(conflict.after).toEqual({ deadline: '2022-11-30' });

    const again = await importCommitments(db, campaign, revised, office, clock);
    expect(again).toMatchObject({ updated: 0, unchanged: 69, conflicts: 0 });
    expect((await item('市发改局', 1)).reviewReasons).toHaveLength(1);
  });

  test('a change made outside the spreadsheet (chat, console) is protected too', async () => {
    const target = await item('市委政法委', 1);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('commitments').set({ deadline: '2023-01-15' }).where('id', '=', target.id).execute();
      await markSetByPerson(trx, target.id, ['deadline'], { platform: 'feishu', id: 'ou_x', name: '童安胜' }, clock.now());
    });
    const unmarked = await item('市委政法委', 2);
    await db.updateTable('commitments').set({ text: '人工改过的文字' }).where('id', '=', unmarked.id).execute();

    const result = await importCommitments(db, campaign, revised, office, clock);
    expect(result).toMatchObject({ updated: 0, conflicts: 0 });
    expect((await item('市委政法委', 1)).deadline).toBe('2023-01-15');
    expect((await item('市委政法委', 2)).text).toBe('人工改过的文字');
    const marked = await db.selectFrom('commitments').select('person_fields').where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(marked.person_fields.deadline.by).toBe('童安胜');
  });

  test('a department corrected in Excel stays, with its department, when the document changes another field', async () => {
    const original = await item('市科技局', 1);
    await correctInExcel((row) => (row.getCell(2).value = '市档案馆'), '市科技局', 1);
    const republished = revised.map((i) => (i.department === '市科技局' && i.seq === 1 ? { ...i, text: `${i.text}（再版）` } : i));
    const result = await importCommitments(db, campaign, republished, office, clock);
    expect(result).toMatchObject({ created: 0, updated: 1, conflicts: 0 });
    const [after] = await loadCommitments(db, { ids: [original.id] });
    expect(after).toMatchObject({ departmentHeading: '市档案馆', departmentName: '市档案馆' });
    expect(after.text).toMatch(/（再版）$/);
  });

  test('a field nobody touched follows the source', async () => {
    const moved = revised.map((i) => (i.department === '市科技局' && i.seq === 1 ? { ...i, text: `${i.text}（再版）` } : i)).map((i) => (i.department === '市经信局' && i.seq === 2 ? { ...i, leaders: ['胡晓超', '应旭军'] } : i));
    const result = await importCommitments(db, campaign, moved, office, clock);
    expect(result).toMatchObject({ updated: 1, conflicts: 0 });
    const updated = await item('市经信局', 2);
    expect(updated.leaders.map((l) => l.name)).toEqual(['胡晓超', '应旭军']);
    const [log] = await logOf(updated.id, 'import.update');
    expect(log.summary).toBe('重新导入更新了：责任领导：胡晓超 → 胡晓超、应旭军');
  });
});
