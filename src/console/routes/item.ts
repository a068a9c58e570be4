import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { shanghaiDay } from '../../clock';
import { lifecycleRole, roleOn } from '../../register/accounts';
import { isOpen } from '../../domain/itemState';
import { readProgress } from '../../domain/progress';
import { MAX_EVIDENCE_TEXT, textEvidenceKind } from '../../../commands/evidence';
import { addEvidence, reportProgress } from '../../register/changes';
import { approveItem, recordUrge, reportDone, returnItem } from '../../register/lifecycle';
import { decideExtension, pendingExtensions } from '../../register/extensions';
import { itemCard } from '../../rendering/itemCard';
import { escapeMarkdown } from '../../rendering/text';
import { notifyLeaders } from '../../../jobs/notify';
import { requireDone } from '../outcome';
import { CommitmentView, loadCommitment } from '../../register/commitments';
import { evidenceRow, itemEvidence, itemTimeline, progressHistory } from '../../register/consoleQueries';
import { safeFileName, storeEvidenceFile } from '../../register/evidenceFiles';
import type { ConsoleContext } from '../context';
import { contentDisposition, declaredType, INLINE_IMAGE_TYPES, sniffImage } from '../fileTypes';
import { field, uploadedFile } from '../forms';
import { html } from '../html';
import { csrfField, page } from '../layout';
import { sendPage, viewerOf } from '../plugin';
import { badInput, forbidden, notFound } from '../refusal';
import { mayReadItem, Viewer } from '../viewer';
import { deadlineCell, leadersCell, stateBadge, time } from '../views';
import { positiveId } from './lists';

const DONE_MESSAGES: Record<string, string> = {
  progress: '已记录进展。', done: '已报送办结。请提交佐证材料。', closed: '已标记完成。', evidence: '已收到佐证材料。',
  approve: '审核通过，已办结销号。', return: '已退回重办，已通知责任领导。', grant: '已同意延期，原定时限保留。', deny: '已不同意延期，时限不变。',
  urge: '已发送催办。',
};

async function readableItem(ctx: ConsoleContext, viewer: Viewer, idText: string): Promise<CommitmentView> {
  const item = await loadCommitment(ctx.app.db, positiveId(idText));
  if (!item) throw notFound('没有这个事项。');
  if (!mayReadItem(ctx.app, viewer, item)) throw forbidden('您只能查看本人或本部门的事项（CONSOLE_READ=own）。');
  return item;
}

/** Changing an item takes what the chat commands take: one of its leaders, a liaison of its department, or the office. */
async function changeableItem(ctx: ConsoleContext, viewer: Viewer, idText: string): Promise<CommitmentView> {
  const item = await readableItem(ctx, viewer, idText);
  if (!(await roleOn(ctx.app.db, ctx.app.config, viewer.actor, item))) {
    throw forbidden(`只有该事项的责任领导（${item.leaders.map((l) => l.name).join('、') || '待核定'}）、${item.departmentName ?? '所属部门'}的联络员或督查室可以办理 #${item.id}。`);
  }
  return item;
}

function readHead(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return head.subarray(0, fs.readSync(fd, head, 0, 16, 0));
  } finally {
    fs.closeSync(fd);
  }
}

export function itemRoutes(server: FastifyInstance, ctx: ConsoleContext): void {
  server.get<{ Params: { id: string }; Querystring: { ok?: string } }>('/console/items/:id', async (request, reply) => {
    const viewer = viewerOf(request);
    const item = await readableItem(ctx, viewer, request.params.id);
    const today = shanghaiDay(ctx.app.clock.now());
    const [timeline, evidence, progress, role, [extension]] = await Promise.all([
      itemTimeline(ctx.app.db, item.id), itemEvidence(ctx.app.db, item.id), progressHistory(ctx.app.db, item.id),
      roleOn(ctx.app.db, ctx.app.config, viewer.actor, item), pendingExtensions(ctx.app.db, [item.id]),
    ]);
    const office = (await lifecycleRole(ctx.app.db, ctx.app.config, viewer.actor, item)) === 'office';
    const officeActions = office ? html`<section class="actions"><h2>督查室审核</h2>
${item.status === '待审核' ? html`<form method="post" action="/console/items/${item.id}/approve" class="stack">${csrfField(viewer)}
<label>审核意见（可选）<input name="note" maxlength="500"></label><button type="submit" class="primary">审核通过，销号</button></form>` : ''}
${item.status === '待审核' || item.status === '已办结' ? html`<form method="post" action="/console/items/${item.id}/return" class="stack">${csrfField(viewer)}
<label>退回原因<input name="reason" required maxlength="500"></label><button type="submit">退回重办</button></form>` : ''}
${extension ? html`<p>延期申请：${extension.requestedBy} 申请延至 <strong>${extension.requestedDeadline}</strong>，理由：${extension.reason}</p>
<form method="post" action="/console/items/${item.id}/grant" class="stack">${csrfField(viewer)}
<label>新时限（默认按申请）<input type="date" name="deadline" value="${extension.requestedDeadline}"></label><button type="submit" class="primary">同意延期</button></form>
<form method="post" action="/console/items/${item.id}/deny" class="stack">${csrfField(viewer)}
<label>不同意的原因<input name="reason" required maxlength="500"></label><button type="submit">不同意延期</button></form>` : ''}
${isOpen(item) ? html`<form method="post" action="/console/items/${item.id}/urge" class="stack">${csrfField(viewer)}
<label>催办说明（可选）<input name="note" maxlength="200"></label><button type="submit">催办</button></form>` : ''}
</section>` : '';
    const actions = role ? html`<section class="actions"><h2>办理</h2>
<form method="post" action="/console/items/${item.id}/progress" class="stack">${csrfField(viewer)}
<label>报送进展（百分比或数值，如 60% 或 已建成180个）<input name="progress" required maxlength="30"></label>
<label>说明<input name="note" maxlength="500"></label><button type="submit">报送进展</button></form>
${isOpen(item) ? html`<form method="post" action="/console/items/${item.id}/done" class="stack">${csrfField(viewer)}
<label>办结说明（可选）<input name="note" maxlength="500"></label><button type="submit" class="primary">报送办结</button></form>` : ''}
<form method="post" action="/console/items/${item.id}/evidence" enctype="multipart/form-data" class="stack">${csrfField(viewer)}
<label>佐证：文字或链接<textarea name="text" maxlength="${MAX_EVIDENCE_TEXT}" rows="3"></textarea></label>
<label>或上传图片、文件<input type="file" name="file"></label><button type="submit">提交佐证</button></form>
</section>` : html`<p class="muted">您可以查看此事项；办理需由责任领导、部门联络员或督查室进行。</p>`;
    const body = html`
<div class="grid two"><div>
<section><p class="item-text">${item.text}</p>
<table><tbody>
<tr><th>状态</th><td>${stateBadge(item, today)}</td></tr>
<tr><th>部门</th><td>${item.departmentId ? html`<a href="/console/departments/${item.departmentId}">${item.departmentName}</a>` : '未定'}${item.category ? ` · ${item.category}` : ''}${item.seq ? ` · 第${item.seq}项` : ''}</td></tr>
<tr><th>时限</th><td>${deadlineCell(item, today)}${item.deadlineText ? html`<br><small>原文：${item.deadlineText}</small>` : ''}</td></tr>
<tr><th>责任领导</th><td>${leadersCell(item)}</td></tr>
<tr><th>进度</th><td>${item.progressPercent === null ? '—' : `${item.progressPercent}%`}</td></tr>
${item.needsReview ? html`<tr class="flagged"><th>待核定</th><td>${item.reviewReasons.join('；')}${viewer.isOffice ? html` <a href="/console/review?department=${item.departmentId ?? ''}#item-${item.id}">去核定</a>` : ''}</td></tr>` : ''}
</tbody></table></section>
<section><h2>佐证材料</h2>${evidence.length ? html`<ul>${evidence.map((e) => html`<li>${time(e.created_at)} ${e.actor_name ?? ''}：
${e.kind === 'image' && (!e.mime_type || INLINE_IMAGE_TYPES.includes(e.mime_type)) ? html`<img class="evidence" src="/console/evidence/${e.id}" alt="${e.file_name ?? '图片'}">`
  : e.kind === 'file' || e.kind === 'image' ? html`<a href="/console/evidence/${e.id}" download>${e.file_name ?? '文件'}</a>${e.size_bytes ? html` <small>${Math.ceil(e.size_bytes / 1024)} KB</small>` : ''}`
  : e.kind === 'link' && /^https?:\/\//i.test(e.content ?? '') ? html`<a href="${e.content}" rel="noopener noreferrer nofollow" target="_blank">${e.content}</a>`
  : html`<span class="evidence-text">${e.content}</span>`}</li>`)}</ul>` : html`<p class="muted">尚无佐证材料。</p>`}</section>
<section><h2>进展记录</h2>${progress.length ? html`<ul>${progress.map((p) => html`<li>${time(p.created_at)} ${p.actor_name ?? ''}：${p.percent !== null ? `${p.percent}%` : p.value}${p.note ? `（${p.note}）` : ''}</li>`)}</ul>` : html`<p class="muted">尚无进展报送。</p>`}</section>
</div><div>
${officeActions}
${actions}
<section><h2>全部动态</h2><ol class="timeline">${timeline.map((t) => html`<li>${time(t.at)} <strong>${t.actor_name ?? ''}</strong>${t.via === 'console' ? html` <small>（控制台）</small>` : ''}：${t.summary ?? t.action}</li>`)}</ol></section>
</div></div>`;
    const ok = request.query.ok && DONE_MESSAGES[request.query.ok];
    return sendPage(reply, page({ title: `#${item.id} 事项`, viewer, body, flash: ok ? { tone: 'ok', text: ok } : undefined }));
  });

  server.post<{ Params: { id: string } }>('/console/items/:id/progress', async (request, reply) => {
    const viewer = viewerOf(request);
    const item = await changeableItem(ctx, viewer, request.params.id);
    const raw = field(request, 'progress').trim();
    if (!isOpen(item)) throw badInput(`#${item.id} ${item.status === '已办结' ? '已办结' : '已报送办结、等待督查室审核'}，不再报送进展。`);
    const reading = readProgress(raw, item.text);
    if (reading.kind === 'invalid') {
      const why = reading.reason === 'negative' ? '进度不能为负数' : '百分比应在 0–100 之间（如 60%、六成），数值应包含数字（如 已建成180个）';
      throw badInput(`“${raw.slice(0, 20)}”不是有效的进度：${why}。`);
    }
    if (reading.kind === 'ambiguous') {
      throw badInput(`“${reading.number}”是百分比还是完成数量？本事项没有可对照的数量目标。请写 ${reading.number}% 或 已完成${reading.number}个（带上单位）。`);
    }
    const parsed = { percent: reading.percent, value: reading.kind === 'value' ? reading.value : null };
    const note = field(request, 'note').trim().slice(0, 500) || null;
    await reportProgress(ctx.app.db, viewer.actor, ctx.app.clock.now(), item.id, { ...parsed, note });
    return reply.redirect(`/console/items/${item.id}?ok=progress`, 303);
  });

  server.post<{ Params: { id: string } }>('/console/items/:id/done', async (request, reply) => {
    const viewer = viewerOf(request);
    const item = await changeableItem(ctx, viewer, request.params.id);
    const note = field(request, 'note').trim().slice(0, 500) || null;
    const outcome = await reportDone(ctx.app.db, viewer.actor, ctx.app.clock.now(), { id: item.id, note }, ctx.app.config);
    requireDone(outcome);
    return reply.redirect(`/console/items/${item.id}?ok=${outcome.state === '已办结' ? 'closed' : 'done'}`, 303);
  });

  // The office's review: the same register calls as /销号, /退回, /同意延期, /不同意延期, /催办.
  const officeStep = (name: string, run: (item: CommitmentView, viewer: Viewer, form: (key: string) => string, now: Date) => Promise<void>) =>
    server.post<{ Params: { id: string } }>(`/console/items/:id/${name}`, async (request, reply) => {
      const viewer = viewerOf(request);
      const item = await readableItem(ctx, viewer, request.params.id);
      await run(item, viewer, (key) => field(request, key).trim().slice(0, 500), ctx.app.clock.now());
      return reply.redirect(`/console/items/${item.id}?ok=${name}`, 303);
    });
  officeStep('approve', async (item, viewer, form, now) => {
    requireDone(await approveItem(ctx.app.db, viewer.actor, now, { id: item.id, note: form('note') || null }, ctx.app.config));
  });
  officeStep('return', async (item, viewer, form, now) => {
    const reason = form('reason');
    if (!reason) throw badInput('请写明退回原因。');
    requireDone(await returnItem(ctx.app.db, viewer.actor, now, { id: item.id, reason }, ctx.app.config));
    const updated = (await loadCommitment(ctx.app.db, item.id))!;
    await notifyLeaders(ctx.app, updated, `return:${item.id}:${now.getTime()}`,
      itemCard(updated, shanghaiDay(now), { headline: `↩️ 督查室已退回 #${item.id}，请重新办理。原因：${escapeMarkdown(reason)}` }));
  });
  officeStep('grant', async (item, viewer, form, now) => {
    const deadline = form('deadline');
    if (deadline && !/^\d{4}-\d{2}-\d{2}$/.test(deadline)) throw badInput(`“${deadline.slice(0, 20)}”不是有效日期（例：2023-01-31）。`);
    requireDone(await decideExtension(ctx.app.db, viewer.actor, now, { id: item.id, grant: true, deadline: deadline || null, note: null }, ctx.app.config));
  });
  officeStep('deny', async (item, viewer, form, now) => {
    const reason = form('reason');
    if (!reason) throw badInput('请写明不同意的原因。');
    requireDone(await decideExtension(ctx.app.db, viewer.actor, now, { id: item.id, grant: false, note: reason }, ctx.app.config));
  });
  officeStep('urge', async (item, viewer, form, now) => {
    const note = form('note').slice(0, 200);
    requireDone(await recordUrge(ctx.app.db, viewer.actor, now, { id: item.id, note: note || null }, ctx.app.config));
    const card = { ...itemCard(item, shanghaiDay(now), { headline: `📣 **督查室催办**：请尽快办理并报送进展。${note ? `\n说明：${escapeMarkdown(note)}` : ''}` }), tone: 'orange' as const };
    await notifyLeaders(ctx.app, item, `urge:${item.id}:${shanghaiDay(now)}`, card, 'urge', { sms: ctx.app.config.lifecycle.urgeSms });
  });

  server.post<{ Params: { id: string } }>('/console/items/:id/evidence', async (request, reply) => {
    const viewer = viewerOf(request);
    const item = await changeableItem(ctx, viewer, request.params.id);
    const now = ctx.app.clock.now();
    const text = field(request, 'text').trim();
    const file = await uploadedFile(request, 'file');
    if (!text && !file) throw badInput('请填写佐证文字或链接，或选择要上传的文件。');
    if ([...text].length > MAX_EVIDENCE_TEXT) throw badInput(`佐证文字最多 ${MAX_EVIDENCE_TEXT} 字。`);
    if (text) await addEvidence(ctx.app.db, viewer.actor, now, item.id, { kind: textEvidenceKind(text), content: text });
    if (file) {
      const name = safeFileName(file.name, '佐证文件');
      const image = sniffImage(file.bytes);
      const stored = storeEvidenceFile(ctx.app.config.dataDir, file.bytes, name);
      await addEvidence(ctx.app.db, viewer.actor, now, item.id, {
        kind: image ? 'image' : 'file', content: null, fileName: name, ...stored, mimeType: image ?? declaredType(file.mimetype),
      });
    }
    return reply.redirect(`/console/items/${item.id}?ok=evidence`, 303);
  });

  // Evidence files: images (recognised by their bytes) inline, everything else a download; never rendered as a page.
  server.get<{ Params: { id: string } }>('/console/evidence/:id', async (request, reply) => {
    const viewer = viewerOf(request);
    const row = await evidenceRow(ctx.app.db, positiveId(request.params.id));
    if (!row || !row.file_path) throw notFound('没有这个文件。');
    await readableItem(ctx, viewer, String(row.commitment_id));
    const root = path.resolve(ctx.app.config.dataDir);
    const file = path.resolve(root, row.file_path);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file)) throw notFound('文件不在存储中。');
    const name = row.file_name ?? `evidence-${row.id}`;
    // Images that came in through chat were stored before types were: recognise them now.
    const type = row.mime_type ?? (row.kind === 'image' ? sniffImage(readHead(file)) : null) ?? 'application/octet-stream';
    const inline = row.kind === 'image' && INLINE_IMAGE_TYPES.includes(type);
    return reply
      .header('content-type', type)
      .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', name))
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('x-content-type-options', 'nosniff')
      .send(fs.createReadStream(file));
  });
}
