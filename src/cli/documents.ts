import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../app';
import { shanghaiDay } from '../clock';
import { cliActor } from '../domain/actor';
import { itemSignal } from '../domain/itemState';
import { parseDocument } from '../ingest/parseDocument';
import type { ParsedCommitment } from '../ingest/types';
import { readWorkbook, WorkbookRow, writeWorkbook } from '../ingest/xlsx';
import { CampaignInfo, ImportRefused, ImportResult, importCommitments } from '../register/importer';
import { asParsed, CommitmentView, loadCommitments } from '../register/commitments';
import { Args, stringOption, UsageError, yearOption } from './args';
import { loadCampaigns, unknownCampaignsText } from '../register/campaigns';
import { NO_DEPARTMENT } from '../domain/departmentNames';

/** Far above any published list (the seeds are 30 KB; 10,000 items are about 2 MB). */
const MAX_SOURCE_BYTES = 20 * 1024 * 1024;

function checkedFile(file: string | undefined): string {
  if (!file) throw new UsageError('请给出要读取的文件');
  if (!fs.existsSync(file)) throw new UsageError(`找不到文件 ${file}`);
  const { size } = fs.statSync(file);
  if (size > MAX_SOURCE_BYTES) {
    throw new UsageError(`文件 ${file} 有 ${(size / 1024 / 1024).toFixed(1)} MB，超过导入上限 ${MAX_SOURCE_BYTES / 1024 / 1024} MB，请分批导入`);
  }
  return file;
}

/** A text list as UTF-8; anything else is refused rather than read as mojibake. NUL bytes are dropped later, as in chat. */
function readSource(file: string | undefined): string {
  const bytes = fs.readFileSync(checkedFile(file));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`文件 ${file} 不是 UTF-8 文本：若是 GBK 编码，请另存为 UTF-8；表格请用 .xlsx`);
  }
}

/** `parse <file> --year 2022 --json`: the JSON contract other tools read. Needs no database. */
export function parseCommand(args: Args, out: (text: string) => void): void {
  const file = args.positional[0];
  const { layout, items } = parseDocument(readSource(file), yearOption(args, true)!);
  if (args.options.json) {
    out(JSON.stringify(items, null, 2));
    return;
  }
  const review = items.filter((i) => i.needsReview).length;
  out(`${file}：${layout === 'columns' ? '分列表格' : layout === 'categorised' ? '分类表格' : '叙述性文件'}，${items.length} 项，其中 ${review} 项需核对`);
  for (const item of items) {
    const mark = item.needsReview ? '⚠' : ' ';
    out(`${mark} ${item.department ?? `（${NO_DEPARTMENT}）`} ${item.category ?? ''}${item.seq}. ${item.text.slice(0, 40)} | ${item.deadlineText || '—'} | ${item.leaders.join('、') || '—'}`);
  }
}

export async function importCommand(app: App, args: Args, out: (text: string) => void): Promise<void> {
  const file = args.positional[0];
  if (!file) throw new UsageError('用法：import <文件> --year 2022 [--campaign 批次键] [--title 标题]');
  let campaign: CampaignInfo;
  let items: (ParsedCommitment & { id?: number })[];
  const origin = /\.xlsx$/i.test(file) ? 'spreadsheet' : 'document';
  if (origin === 'spreadsheet') {
    ({ campaign, rows: items } = await readWorkbook(checkedFile(file)));
  } else {
    const year = yearOption(args, true)!;
    items = parseDocument(readSource(file), year).items;
    const key = stringOption(args, 'campaign') ?? path.basename(file).replace(/\.[^.]+$/, '');
    campaign = {
      key,
      title: stringOption(args, 'title') ?? key,
      sourceDocument: path.basename(file),
      year,
      publishedOn: stringOption(args, 'published') ?? null,
    };
  }
  let result: ImportResult;
  try {
    result = await importCommitments(app.db, campaign, items, cliActor(), app.clock, origin);
  } catch (error) {
    if (error instanceof ImportRefused) throw new UsageError(error.message);
    throw error;
  }
  for (const line of importSummary(result, campaign.key)) out(line);
}

/** What the import did, and how to settle what it could not decide. */
function importSummary(result: ImportResult, key: string): string[] {
  const lines = [`导入完成：新增 ${result.created} 项，更新 ${result.updated} 项，未变 ${result.unchanged} 项` +
    (result.notInFile ? `；库中另有 ${result.notInFile} 项不在本文件中（保留未删）` : '')];
  if (result.conflicts) lines.push(`有 ${result.conflicts} 处来源文件的改动与人工修改不同：已保留人工修改，并标记需核对。`);
  if (!result.needsReview) {
    lines.push('本批次没有需核对的事项。');
    return lines;
  }
  lines.push(
    `本批次有 ${result.needsReview} 项需核对（原因见每项的“核对原因”）。核对方法：`,
    `  1. 导出表格：npm run cli -- export ${key} --xlsx 核对.xlsx（需核对的行标黄）`,
    '  2. 在 Excel 中改正标黄的行，核对无误后把“需核对”改为“否”',
    '  3. 导回：npm run cli -- import 核对.xlsx（人工改正的内容，以后重新导入原文件也不会被覆盖）',
    '  管理控制台上线后，也可以在网页上逐项核对。',
  );
  return lines;
}

/** Items as spreadsheet rows; the status reads as on the cards (未开始, 已逾期…), never as a code. */
export function workbookRows(items: CommitmentView[], today: string): WorkbookRow[] {
  return items.map((c) => ({ ...asParsed(c), id: c.id, status: itemSignal(c, today).label }));
}

export async function exportCommand(app: App, args: Args, out: (text: string) => void): Promise<void> {
  const key = args.positional[0];
  const file = stringOption(args, 'xlsx');
  if (!key || !file) throw new UsageError('用法：export <批次键> --xlsx 文件.xlsx');
  const campaign = await app.db.selectFrom('campaigns').selectAll().where('key', '=', key).executeTakeFirst();
  if (!campaign) throw new UsageError(unknownCampaignsText([key], await loadCampaigns(app.db)));
  const items = await loadCommitments(app.db, { campaignId: campaign.id });
  const today = shanghaiDay(app.clock.now());
  await writeWorkbook(
    file,
    { key: campaign.key, title: campaign.title, sourceDocument: campaign.source_document, year: campaign.year, publishedOn: campaign.published_on },
    workbookRows(items, today),
  );
  out(`已导出 ${items.length} 项到 ${file}（需核对 ${items.filter((i) => i.needsReview).length} 项，已标黄）`);
}

export async function campaignsCommand(app: App, out: (text: string) => void): Promise<void> {
  const campaigns = await app.db.selectFrom('campaigns').selectAll().orderBy('id').execute();
  for (const c of campaigns) out(`${c.key}\t${c.year}\t${c.title}`);
  if (!campaigns.length) out('（还没有任何批次）');
}
