import ExcelJS from 'exceljs';
import type { RosterRow } from '../domain/roster';
import { cellText } from './xlsx';
import { ParseError } from './types';

/**
 * The roster (花名册) spreadsheet: an empty template with an explanation
 * sheet, reading it back, and the problems sheet written beside it.
 */
const ROSTER_SHEET = '花名册';
const COLUMNS = [
  { header: '姓名', key: 'name', width: 10, help: '必填。与承诺事项清单中的责任领导姓名一致；空格、全角字符不影响匹配。' },
  { header: '单位', key: 'unit', width: 22, help: '所在单位（部门），可写全称或简称（如“市发改局”“发展改革局”）。同名的人按单位区分。' },
  { header: '职务', key: 'post', width: 14, help: '选填，仅供核对。' },
  { header: '手机号', key: 'mobile', width: 15, help: '11 位手机号，可带空格、短横线或 +86；全角数字也可。用于查找飞书/钉钉账号。' },
  { header: '邮箱', key: 'email', width: 24, help: '选填。飞书可按邮箱查找账号（手机号找不到时）。' },
  { header: '角色', key: 'roles', width: 14, help: '领导、联络员、督查室，可填多个，用“、”分隔；不填视为领导。联络员需填写单位。' },
] as const;

export async function writeRosterTemplate(file: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(ROSTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map(({ header, key, width }) => ({ header, key, width }));
  sheet.getRow(1).font = { bold: true };
  // Mobiles as text, so Excel does not turn them into 1.38E+10.
  sheet.getColumn('mobile').numFmt = '@';
  const help = workbook.addWorksheet('填写说明');
  help.columns = [{ header: '列', key: 'column', width: 10 }, { header: '说明', key: 'text', width: 90 }];
  help.getRow(1).font = { bold: true };
  for (const c of COLUMNS) help.addRow({ column: c.header, text: c.help });
  help.addRow({ column: '', text: '' });
  help.addRow({ column: '导入', text: 'npm run cli -- roster import 花名册.xlsx。可重复导入：已绑定的不变，修改的按新值更新并记录。无法处理的行写入同目录的“…-问题.xlsx”。' });
  await workbook.xlsx.writeFile(file);
}

export async function readRoster(file: string): Promise<RosterRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new ParseError(`无法读取花名册“${file}”：${(error as Error).message}`);
  }
  const sheet = workbook.getWorksheet(ROSTER_SHEET) ?? workbook.worksheets[0];
  if (!sheet) throw new ParseError('花名册中没有工作表');
  const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v) => cellText(v).trim());
  const at = Object.fromEntries(COLUMNS.map((c) => [c.key, headers.indexOf(c.header)])) as Record<(typeof COLUMNS)[number]['key'], number>;
  const missing = COLUMNS.filter((c) => c.key !== 'post' && c.key !== 'email' && at[c.key] < 1).map((c) => c.header);
  if (missing.length) throw new ParseError(`花名册缺少列：${missing.join('、')}（可用 roster template 生成模板）`);
  const rows: RosterRow[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const get = (key: keyof typeof at) => (at[key] > 0 ? cellText(row.getCell(at[key]).value).trim() : '');
    const entry: RosterRow = { row: number, name: get('name'), unit: get('unit'), post: get('post'), mobile: get('mobile'), email: get('email'), roles: get('roles') };
    if (entry.name || entry.mobile || entry.unit) rows.push(entry);
  });
  return rows;
}

export interface RosterProblem {
  kind: string;
  row: number | null;
  name: string;
  unit: string;
  detail: string;
}

export async function writeProblems(file: string, problems: RosterProblem[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('导入问题', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: '问题', key: 'kind', width: 18 },
    { header: '花名册行号', key: 'row', width: 10 },
    { header: '姓名', key: 'name', width: 10 },
    { header: '单位', key: 'unit', width: 22 },
    { header: '说明', key: 'detail', width: 70 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const p of problems) sheet.addRow({ ...p, row: p.row ?? '' });
  await workbook.xlsx.writeFile(file);
}
