import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App } from '../../src/app';
import { UsageError } from '../../src/cli/args';
import { rosterCommand } from '../../src/cli/roster';
import { cellText } from '../../src/ingest/xlsx';

/** `roster template` touches neither the database nor the platforms. */
const noApp = {} as App;

test('roster template: the six columns, mobiles kept as text, a 填写说明 sheet explaining each column in Chinese; an existing file is not overwritten', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-template-')), '花名册.xlsx');
  const out: string[] = [];
  await rosterCommand(noApp, { positional: ['template', file], options: {} }, (t) => out.push(t), []);
  expect(out.join('\n')).toContain('已生成花名册模板');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  expect(workbook.worksheets.map((w) => w.name)).toEqual(['花名册', '填写说明']);
  const header = (workbook.getWorksheet('花名册')!.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
  expect(header).toEqual(['姓名', '单位', '职务', '手机号', '邮箱', '角色']);
  expect(workbook.getWorksheet('花名册')!.getColumn(4).numFmt).toBe('@');
  const help = new Map<string, string>();
  workbook.getWorksheet('填写说明')!.eachRow((row, n) => { if (n > 1) help.set(cellText(row.getCell(1).value), cellText(row.getCell(2).value)); });
  for (const column of header) expect([column, help.get(column)]).toEqual([column, expect.stringMatching(/[\u4e00-\u9fff]/)]);
  expect(help.get('角色')).toMatch(/领导、联络员、督查室.*“、”分隔/);
  expect(help.get('手机号')).toContain('全角');

  const before = fs.readFileSync(file);
  await expect(rosterCommand(noApp, { positional: ['template', file], options: {} }, () => undefined, [])).rejects.toThrow(UsageError);
  expect(fs.readFileSync(file)).toEqual(before);
});
