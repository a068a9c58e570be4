import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { shanghai } from '../../clock';
import { parseDocument } from '../../ingest/parseDocument';
import { ParseError } from '../../ingest/types';
import { readWorkbook } from '../../ingest/xlsx';
import { claimPendingImport, findPendingImport, PendingImport, savePendingImport } from '../../register/consoleImports';
import { storeCampaignSource } from '../../register/consoleQueries';
import { importCommitments } from '../../register/importer';
import type { ConsoleContext } from '../context';
import { field, UploadedFile, uploadedFile } from '../forms';
import { html } from '../html';
import { csrfField, page } from '../layout';
import { sendPage, viewerOf } from '../plugin';
import { badInput, notFound } from '../refusal';
import { positiveId } from './lists';
import { requireOffice } from './review';

const KEY_PATTERN = /^[A-Za-z0-9][\w.-]{0,63}$/;

async function readXlsx(file: UploadedFile) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-upload-'));
  const tmp = path.join(dir, 'upload.xlsx');
  try {
    fs.writeFileSync(tmp, file.bytes);
    return await readWorkbook(tmp);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The upload parsed, nothing written: a spreadsheet carries its campaign, a text file takes the form's. */
async function parseUpload(ctx: ConsoleContext, form: { text: string; file?: UploadedFile; year: string; key: string; title: string }): Promise<Omit<PendingImport, 'id' | 'committed'>> {
  if (form.file && /\.xlsx$/i.test(form.file.name)) {
    const { campaign, rows } = await readXlsx(form.file);
    return { campaign, items: rows, sourceText: null };
  }
  const text = form.file ? form.file.bytes.toString('utf8') : form.text;
  if (!text.trim()) throw badInput('请粘贴清单文字，或选择 .txt / .xlsx 文件。');
  const year = Number(form.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput(`“${form.year.slice(0, 10)}”不是有效年份。`);
  const fileName = form.file?.name.replace(/[\\/]/g, '_').slice(0, 120) ?? '粘贴文本';
  const key = form.key.trim() || `upload-${shanghai(ctx.app.clock.now()).format('YYYYMMDD-HHmmss')}`;
  if (!KEY_PATTERN.test(key)) throw badInput('批次键只能包含字母、数字、点、横线和下划线（例：yk-2022-03）。');
  const { items } = parseDocument(text, year);
  return { campaign: { key, title: form.title.trim().slice(0, 200) || key, sourceDocument: fileName, year, publishedOn: null }, items, sourceText: text };
}

export function importRoutes(server: FastifyInstance, ctx: ConsoleContext): void {
  server.get('/console/import', async (request, reply) => {
    const viewer = viewerOf(request);
    requireOffice(viewer);
    const body = html`<section><form method="post" action="/console/import" enctype="multipart/form-data" class="stack">${csrfField(viewer)}
<label>选择文件（报纸版面提取的 .txt，或导出修改后的 .xlsx）<input type="file" name="file" accept=".txt,.xlsx,text/plain"></label>
<label>或粘贴清单文字<textarea name="text" rows="8"></textarea></label>
<label>承诺年份<input name="year" value="${shanghai(ctx.app.clock.now()).year()}" inputmode="numeric" maxlength="4"></label>
<label>批次键（如 yk-2022-03；同一键再次导入即更新）<input name="campaign" maxlength="64"></label>
<label>批次标题<input name="title" maxlength="200"></label>
<button type="submit" class="primary">预览</button></form>
<p class="muted">预览不会写入任何数据；确认后才导入。同一文件重复导入不会产生重复事项。</p></section>`;
    return sendPage(reply, page({ title: '导入', viewer, body }));
  });

  server.post('/console/import', async (request, reply) => {
    const viewer = viewerOf(request);
    requireOffice(viewer);
    let parsed;
    try {
      parsed = await parseUpload(ctx, {
        text: field(request, 'text'), file: await uploadedFile(request, 'file'),
        year: field(request, 'year'), key: field(request, 'campaign'), title: field(request, 'title'),
      });
    } catch (error) {
      if (error instanceof ParseError) throw badInput(`无法解析：${error.message}`);
      throw error;
    }
    const id = await savePendingImport(ctx.app.db, viewer.sessionHash, parsed, ctx.wallClock.now());
    const flagged = parsed.items.filter((i) => i.needsReview).length;
    const body = html`<section><p>批次：<strong>${parsed.campaign.title}</strong>（${parsed.campaign.key}，${parsed.campaign.year}年）。
共解析 <strong id="parsed-count">${parsed.items.length}</strong> 项，其中 <strong>${flagged}</strong> 项需核定（黄色标出）。尚未写入。</p>
<form method="post" action="/console/import/${id}/commit">${csrfField(viewer)}<button type="submit" class="primary">确认导入</button> <a href="/console/import">重新选择</a></form></section>
<section><div class="table-wrap"><table class="preview"><thead><tr><th>部门</th><th>分类</th><th>序号</th><th>工作目标</th><th>完成时限</th><th>责任领导</th><th>需核定原因</th></tr></thead>
<tbody>${parsed.items.map((i) => html`<tr class="${i.needsReview ? 'flagged' : ''}"><td>${i.department ?? '（未定）'}</td><td>${i.category ?? ''}</td><td class="num">${i.seq}</td>
<td class="text">${i.text}</td><td>${i.deadlineText}${i.deadline ? html`<br><small>${i.deadline}</small>` : ''}</td><td>${i.leaders.join('、') || '—'}</td><td>${i.reviewReasons.join('；')}</td></tr>`)}</tbody></table></div></section>`;
    return sendPage(reply, page({ title: '导入预览', viewer, body }));
  });

  server.post<{ Params: { id: string } }>('/console/import/:id/commit', async (request, reply) => {
    const viewer = viewerOf(request);
    requireOffice(viewer);
    const pending = await findPendingImport(ctx.app.db, viewer.sessionHash, positiveId(request.params.id));
    if (!pending) throw notFound('没有这份待导入的清单（预览只对上传它的会话有效）。');
    if (pending.committed || !(await claimPendingImport(ctx.app.db, pending.id, ctx.wallClock.now()))) throw badInput('这份清单已经导入过了。');
    let result;
    try {
      result = await importCommitments(ctx.app.db, pending.campaign, pending.items, viewer.actor, ctx.app.clock);
    } catch (error) {
      throw badInput(`导入失败，未写入任何数据：${(error as Error).message}`);
    }
    if (pending.sourceText) await storeCampaignSource(ctx.app.db, result.campaignId, pending.campaign.sourceDocument, pending.sourceText, ctx.wallClock.now());
    const flagged = pending.items.filter((i) => i.needsReview).length;
    const body = html`<section><ul class="result">
<li>新增 <strong data-field="created">${result.created}</strong> 项</li><li>更新 <strong data-field="updated">${result.updated}</strong> 项</li>
<li>未变 <strong data-field="unchanged">${result.unchanged}</strong> 项</li><li>需核定 <strong data-field="flagged">${flagged}</strong> 项（<a href="/console/review">去核定</a>）</li>
${result.notInFile ? html`<li>库中另有 ${result.notInFile} 项不在本文件中（保留未删）</li>` : ''}</ul>
<p><a href="/console/">返回总览</a></p></section>`;
    return sendPage(reply, page({ title: `导入完成：${pending.campaign.title}`, viewer, body }));
  });
}
