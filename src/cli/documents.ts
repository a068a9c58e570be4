import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../app';
import { shanghaiDay } from '../clock';
import { cliActor } from '../domain/actor';
import { itemSignal } from '../domain/itemState';
import { parseDocument } from '../ingest/parseDocument';
import { readWorkbook, writeWorkbook } from '../ingest/xlsx';
import { importCommitments } from '../register/importer';
import { asParsed, loadCommitments } from '../register/commitments';
import { Args, stringOption, UsageError, yearOption } from './args';

function readSource(file: string | undefined): string {
  if (!file) throw new UsageError('请给出要读取的文件');
  if (!fs.existsSync(file)) throw new UsageError(`找不到文件 ${file}`);
  return fs.readFileSync(file, 'utf8');
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
    out(`${mark} ${item.department ?? '（未定部门）'} ${item.category ?? ''}${item.seq}. ${item.text.slice(0, 40)} | ${item.deadlineText || '—'} | ${item.leaders.join('、') || '—'}`);
  }
}

export async function importCommand(app: App, args: Args, out: (text: string) => void): Promise<void> {
  const file = args.positional[0];
  if (!file) throw new UsageError('用法：import <文件> --year 2022 [--campaign 批次键] [--title 标题]');
  let result;
  if (/\.xlsx$/i.test(file)) {
    if (!fs.existsSync(file)) throw new UsageError(`找不到文件 ${file}`);
    const { campaign, rows } = await readWorkbook(file);
    result = await importCommitments(app.db, campaign, rows, cliActor(), app.clock);
  } else {
    const year = yearOption(args, true)!;
    const { items } = parseDocument(readSource(file), year);
    const key = stringOption(args, 'campaign') ?? path.basename(file).replace(/\.[^.]+$/, '');
    const campaign = {
      key,
      title: stringOption(args, 'title') ?? key,
      sourceDocument: path.basename(file),
      year,
      publishedOn: stringOption(args, 'published') ?? null,
    };
    result = await importCommitments(app.db, campaign, items, cliActor(), app.clock);
  }
  out(`导入完成：新增 ${result.created} 项，更新 ${result.updated} 项，未变 ${result.unchanged} 项` +
    (result.notInFile ? `；库中另有 ${result.notInFile} 项不在本文件中（保留未删）` : ''));
}

export async function exportCommand(app: App, args: Args, out: (text: string) => void): Promise<void> {
  const key = args.positional[0];
  const file = stringOption(args, 'xlsx');
  if (!key || !file) throw new UsageError('用法：export <批次键> --xlsx 文件.xlsx');
  const campaign = await app.db.selectFrom('campaigns').selectAll().where('key', '=', key).executeTakeFirst();
  if (!campaign) {
    const keys = (await app.db.selectFrom('campaigns').select('key').execute()).map((c) => c.key);
    throw new UsageError(`没有批次“${key}”。现有批次：${keys.join('、') || '（无）'}`);
  }
  const items = await loadCommitments(app.db, { campaignId: campaign.id });
  const today = shanghaiDay(app.clock.now());
  await writeWorkbook(
    file,
    { key: campaign.key, title: campaign.title, sourceDocument: campaign.source_document, year: campaign.year, publishedOn: campaign.published_on },
    // The read-only state column in the office's words, as of the business clock.
    items.map((c) => ({ ...asParsed(c), id: c.id, status: itemSignal(c, today).label })),
  );
  out(`已导出 ${items.length} 项到 ${file}（需核对 ${items.filter((i) => i.needsReview).length} 项，已标黄）`);
}

export async function campaignsCommand(app: App, out: (text: string) => void): Promise<void> {
  const campaigns = await app.db.selectFrom('campaigns').selectAll().orderBy('id').execute();
  for (const c of campaigns) out(`${c.key}\t${c.year}\t${c.title}`);
  if (!campaigns.length) out('（还没有任何批次）');
}
