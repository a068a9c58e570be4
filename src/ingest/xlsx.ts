import ExcelJS from 'exceljs';
import { parseDeadline } from './deadline';
import { normaliseName } from './names';
import { ParseError, ParsedCommitment } from './types';

/**
 * The register as a spreadsheet an admin can fix in Excel and import back.
 * Sheet “承诺事项” holds one row per commitment; sheet “批次” the campaign.
 */
export interface WorkbookCampaign {
  key: string;
  title: string;
  sourceDocument: string;
  year: number;
  publishedOn: string | null;
}

export interface WorkbookRow extends ParsedCommitment {
  id?: number;
  status?: string;
}

const COLUMNS = [
  { header: '编号', key: 'id', width: 8 },
  { header: '部门', key: 'department', width: 18 },
  { header: '分类', key: 'category', width: 8 },
  { header: '序号', key: 'seq', width: 6 },
  { header: '工作目标', key: 'text', width: 60 },
  { header: '完成时限（原文）', key: 'deadlineText', width: 14 },
  { header: '截止日期', key: 'deadline', width: 12 },
  { header: '责任领导', key: 'leaders', width: 16 },
  { header: '状态（只读）', key: 'status', width: 12 },
  { header: '需核对', key: 'needsReview', width: 8 },
  { header: '核对原因', key: 'reviewReasons', width: 40 },
] as const;

const ITEMS_SHEET = '承诺事项';
const CAMPAIGN_SHEET = '批次';
const REVIEW_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };

export async function writeWorkbook(file: string, campaign: WorkbookCampaign, rows: WorkbookRow[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(ITEMS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS.map((c) => ({ ...c }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    const added = sheet.addRow({
      id: row.id ?? null,
      department: row.department ?? '',
      category: row.category ?? '',
      seq: row.seq,
      text: row.text,
      deadlineText: row.deadlineText,
      deadline: row.deadline ?? '',
      leaders: row.leaders.join('、'),
      status: row.status ?? '',
      needsReview: row.needsReview ? '是' : '否',
      reviewReasons: row.reviewReasons.join('\n'),
    });
    added.alignment = { wrapText: true, vertical: 'top' };
    if (row.needsReview) added.eachCell({ includeEmpty: true }, (cell) => (cell.fill = REVIEW_FILL));
  }
  const meta = workbook.addWorksheet(CAMPAIGN_SHEET);
  meta.columns = [{ header: '项目', key: 'k', width: 12 }, { header: '值', key: 'v', width: 50 }];
  meta.addRows([
    { k: '批次键', v: campaign.key },
    { k: '标题', v: campaign.title },
    { k: '来源文件', v: campaign.sourceDocument },
    { k: '年份', v: campaign.year },
    { k: '发布日期', v: campaign.publishedOn ?? '' },
  ]);
  await workbook.xlsx.writeFile(file);
}

/** Lenient cell text for the roster workbook (formulas read as their cached result). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  }
  return String(value);
}

/** Where a cell is, as a person finds it in Excel: “承诺事项”工作表第5行“截止日期”列（G5）. */
function cellPlace(sheet: string, row: number, column: number, header: string): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `“${sheet}”工作表第${row}行“${header}”列（${letters}${row}）`;
}

/**
 * A cell's content as text. Formulas, error values and expressions (=…, @…) are
 * refused: the register holds what a person typed, never what Excel computed.
 */
function sourceCellText(value: ExcelJS.CellValue, place: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ParseError(`${place}：日期无效`);
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) throw new ParseError(`${place}：单元格是公式，请改为直接填写内容`);
    if ('richText' in value && Array.isArray(value.richText)) return plainText(value.richText.map((r) => String(r.text ?? '')).join(''), place);
    if ('text' in value && 'hyperlink' in value) return plainText(String(value.text), place);
    if ('error' in value) throw new ParseError(`${place}：单元格是错误值 ${String(value.error)}`);
    throw new ParseError(`${place}：无法识别的单元格内容，请改为直接填写文字`);
  }
  return plainText(String(value), place);
}

function plainText(text: string, place: string): string {
  const cleaned = text.replace(/\u0000/g, '');
  if (/^\s*[=@]/.test(cleaned)) throw new ParseError(`${place}：“${cleaned.trim().slice(0, 20)}”以 = 或 @ 开头，像是公式，请改为直接填写内容`);
  return cleaned;
}

/** Excel may hand back a typed date as a serial day number or as 2022/12/20; null when it names no real day. */
function spreadsheetDate(text: string): string | null {
  let iso = text;
  if (/^\d{5}(\.\d+)?$/.test(text)) iso = new Date(Math.round((Number(text) - 25569) * 86_400_000)).toISOString().slice(0, 10);
  const m = /^(\d{4})[/.年-](\d{1,2})[/.月-](\d{1,2})日?$/.exec(iso);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

export async function readWorkbook(file: string): Promise<{ campaign: WorkbookCampaign; rows: WorkbookRow[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new ParseError(`无法读取表格 ${file}：${(error as Error).message}`);
  }
  const meta = workbook.getWorksheet(CAMPAIGN_SHEET);
  const sheet = workbook.getWorksheet(ITEMS_SHEET);
  if (!meta || !sheet) throw new ParseError(`表格缺少“${ITEMS_SHEET}”或“${CAMPAIGN_SHEET}”工作表，请使用 export 导出的表格`);

  const metaValue = (label: string) => {
    let found = '';
    meta.eachRow((row, n) => {
      if (sourceCellText(row.getCell(1).value, cellPlace(CAMPAIGN_SHEET, n, 1, '项目')).trim() === label) {
        found = sourceCellText(row.getCell(2).value, cellPlace(CAMPAIGN_SHEET, n, 2, label)).trim();
      }
    });
    return found;
  };
  const year = Number(metaValue('年份'));
  if (!metaValue('批次键') || !Number.isInteger(year)) throw new ParseError('“批次”工作表缺少批次键或年份');
  const campaign: WorkbookCampaign = {
    key: metaValue('批次键'),
    title: metaValue('标题') || metaValue('批次键'),
    sourceDocument: metaValue('来源文件'),
    year,
    publishedOn: metaValue('发布日期') || null,
  };

  const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).map((v, i) => sourceCellText(v, cellPlace(ITEMS_SHEET, 1, i, '表头')));
  const column = (header: string) => {
    const index = headers.indexOf(header);
    if (index < 0) throw new ParseError(`“${ITEMS_SHEET}”工作表缺少“${header}”列`);
    return index;
  };
  const at = Object.fromEntries(COLUMNS.map((c) => [c.key, column(c.header)])) as Record<(typeof COLUMNS)[number]['key'], number>;

  const rows: WorkbookRow[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const place = (key: keyof typeof at) => cellPlace(ITEMS_SHEET, rowNumber, at[key], COLUMNS.find((c) => c.key === key)!.header);
    const get = (key: keyof typeof at) => sourceCellText(row.getCell(at[key]).value, place(key)).trim();
    if (COLUMNS.every((c) => !get(c.key))) return;
    const text = get('text');
    if (!text) throw new ParseError(`${place('text')}：工作目标为空`);
    const seq = Number(get('seq'));
    if (!Number.isInteger(seq) || seq < 0) throw new ParseError(`${place('seq')}：序号“${get('seq')}”不是整数`);
    const deadlineText = get('deadlineText');
    let deadline = get('deadline') ? spreadsheetDate(get('deadline')) : null;
    if (get('deadline') && !deadline) {
      throw new ParseError(`${place('deadline')}：截止日期“${get('deadline')}”不是有效日期，应写成 YYYY-MM-DD`);
    }
    if (!deadline && deadlineText) deadline = parseDeadline(deadlineText, campaign.year).deadline;
    const review = get('needsReview');
    if (review && !['是', '否'].includes(review)) throw new ParseError(`${place('needsReview')}：只能填“是”或“否”`);
    const idText = get('id');
    if (idText && !/^\d+$/.test(idText)) throw new ParseError(`${place('id')}：编号“${idText}”不是整数`);
    rows.push({
      id: idText ? Number(idText) : undefined,
      department: get('department') || null,
      category: get('category') || null,
      seq,
      text,
      deadline,
      deadlineText,
      leaders: get('leaders').split(/[、,，;；\n]+/).filter(Boolean).map(normaliseName),
      needsReview: review === '是',
      reviewReasons: get('reviewReasons').split('\n').map((r) => r.trim()).filter(Boolean),
      status: get('status') || undefined,
    });
  });
  return { campaign, rows };
}
