import {
  AlignmentType, BorderStyle, Document, Footer, ImageRun, LineRuleType, Packer, PageNumber, Paragraph, ShadingType,
  Table, TableCell, TableLayoutType, TableRow, TabStopType, TextRun, VerticalAlign, WidthType,
} from 'docx';
import { chineseDate, monthDay } from '../domain/chineseDate';
import type { ChartImage } from './chart';
import { BODY_LINE, FIRST_LINE_INDENT, font, FONTS, PAGE, RED, SIZES, TEXT_WIDTH_PX } from './officialStyle';
import type { ReportData } from './reportData';
import type { ReportTable } from './reportTables';
import { campaignLines, summaryParagraph } from './summaryText';
import { xmlText } from './xmlText';

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const MARK_FILL = 'D9D9D9';

const run = (text: string, fontName: string, size: number, extra: { bold?: boolean; color?: string } = {}) =>
  new TextRun({ text: xmlText(text), font: font(fontName), size, ...extra });

const bodyLine = { line: BODY_LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

function bodyParagraph(text: string): Paragraph {
  return new Paragraph({ children: [run(text, FONTS.body, SIZES.body)], indent: { firstLine: FIRST_LINE_INDENT }, spacing: bodyLine, alignment: AlignmentType.JUSTIFIED });
}

function heading(text: string): Paragraph {
  return new Paragraph({ children: [run(text, FONTS.heading, SIZES.body)], indent: { firstLine: FIRST_LINE_INDENT }, spacing: bodyLine, keepNext: true });
}

function blank(): Paragraph {
  return new Paragraph({ children: [run('', FONTS.body, SIZES.body)], spacing: bodyLine });
}

/** 版头: the red banner, issue number, issuing office and date above a red rule (the 简报 form of GB/T 9704). */
function masthead(data: ReportData): Paragraph[] {
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: 240 }, children: [run('督查通报', FONTS.title, SIZES.banner, { color: RED })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [run(`第${data.issue.number}期`, FONTS.subheading, SIZES.body)] }),
    new Paragraph({
      tabStops: [{ type: TabStopType.RIGHT, position: PAGE.textWidth }],
      border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: RED, space: 4 } },
      spacing: { after: 480 },
      children: [run(data.officeName, FONTS.body, SIZES.body), run(`\t${chineseDate(data.issue.issuedOn)}`, FONTS.body, SIZES.body)],
    }),
  ];
}

function title(data: ReportData): Paragraph[] {
  return [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { line: 700, lineRule: LineRuleType.EXACT }, children: [run('关于公开承诺事项办理情况的通报', FONTS.title, SIZES.title)] }),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { ...bodyLine, after: 240 }, children: [run(`（${monthDay(data.weekStart)}至${monthDay(data.weekEnd)}）`, FONTS.subheading, SIZES.body)] }),
  ];
}

function cell(text: string | number, width: number, options: { header?: boolean; marked?: boolean; align?: 'left' | 'center' }): TableCell {
  const size = SIZES.tableSmall;
  return new TableCell({
    width: { size: width, type: WidthType.PERCENTAGE },
    verticalAlign: VerticalAlign.CENTER,
    shading: options.marked || options.header ? { type: ShadingType.CLEAR, color: 'auto', fill: options.header ? 'F2F2F2' : MARK_FILL } : undefined,
    margins: { left: 40, right: 40, top: 30, bottom: 30 },
    children: [new Paragraph({
      alignment: options.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER,
      spacing: { line: 300, lineRule: LineRuleType.AUTO },
      children: [run(String(text), options.header ? FONTS.heading : FONTS.body, size, { bold: options.marked })],
    })],
  });
}

function table(t: ReportTable): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: t.columns.map((c) => cell(c.header, c.width, { header: true })) }),
      ...t.rows.map((row, i) => new TableRow({
        cantSplit: true,
        children: row.map((value, j) => cell(value, t.columns[j].width, { marked: t.marked.has(i), align: t.columns[j].align })),
      })),
    ],
  });
}

function note(text: string): Paragraph {
  return new Paragraph({ spacing: { before: 60, after: 120, line: 360, lineRule: LineRuleType.AUTO }, children: [run(text, FONTS.body, SIZES.table)] });
}

function chartParagraph(chart: ChartImage): Paragraph {
  const width = TEXT_WIDTH_PX;
  const height = Math.round((chart.height * width) / chart.width);
  // The body's exact line pitch would clip the picture to one line.
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120, line: 240, lineRule: LineRuleType.AUTO }, children: [new ImageRun({ type: 'png', data: chart.png, transformation: { width, height }, altText: { name: '各单位完成率', description: '各单位承诺事项完成率柱状图', title: '各单位完成率' } })] });
}

/** Page numbers as GB/T 9704 prints them: — 1 —, 四号 宋体, odd pages right, even pages left. */
function pageNumberFooter(alignment: (typeof AlignmentType)[keyof typeof AlignmentType]): Footer {
  return new Footer({
    children: [new Paragraph({
      alignment,
      indent: alignment === AlignmentType.RIGHT ? { right: 280 } : { left: 280 },
      children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(FONTS.pageNumber), size: SIZES.pageNumber })],
    })],
  });
}

function signature(data: ReportData): Paragraph[] {
  const right = { right: 4 * 320 };
  return [
    blank(),
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: right, spacing: bodyLine, children: [run(data.officeName, FONTS.body, SIZES.body)] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: 2 * 320 }, spacing: bodyLine, children: [run(chineseDate(data.issue.issuedOn), FONTS.body, SIZES.body)] }),
  ];
}

/** The 督查通报 as a Word document. */
export async function renderDocx(data: ReportData, tables: ReportTable[], chart: ChartImage | null): Promise<Buffer> {
  const body: (Paragraph | Table)[] = [...masthead(data), ...title(data)];
  let section = 0;
  const next = (text: string) => heading(`${NUMERALS[section++]}、${text}`);

  body.push(next('总体情况'), bodyParagraph(summaryParagraph(data)));
  for (const line of campaignLines(data)) body.push(bodyParagraph(line));
  for (const t of tables) {
    body.push(next(t.heading), table(t));
    if (t.note) body.push(note(t.note));
    if (t === tables[0] && chart) body.push(chartParagraph(chart));
  }
  body.push(...signature(data));

  const document = new Document({
    title: `督查通报第${data.issue.number}期`,
    creator: data.officeName,
    // The library's default is the English "Un-named", shown in Word's file properties.
    lastModifiedBy: data.officeName,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: font(FONTS.body), size: SIZES.body }, paragraph: { spacing: bodyLine } } } },
    sections: [{
      properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: PAGE.margin } },
      footers: { default: pageNumberFooter(AlignmentType.RIGHT), even: pageNumberFooter(AlignmentType.LEFT) },
      children: body,
    }],
  });
  return Packer.toBuffer(document);
}
