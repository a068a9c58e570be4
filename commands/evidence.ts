import { noteAfterId, requireItem, requireRole } from '../src/bot/arguments';
import type { Command } from '../src/bot/types';
import { itemCard } from '../src/rendering/itemCard';
import { addEvidence } from '../src/register/changes';
import { loadCommitment } from '../src/register/commitments';
import { openEvidenceWindow } from '../src/register/evidenceRequests';

export const MAX_EVIDENCE_TEXT = 2000;
const URL_ONLY = /^https?:\/\/\S+$/i;

/** A link when the text is only a URL, otherwise text. */
export const textEvidenceKind = (text: string): 'link' | 'text' => (URL_ONLY.test(text) ? 'link' : 'text');

export const evidence: Command = {
  name: 'evidence',
  aliases: ['佐证', '材料'],
  summary: '提交佐证材料：文字或链接；之后10分钟内发送的图片、文件也会归入该事项',
  usage: '/evidence <编号> [文字或链接]',
  examples: ['/佐证 12 https://example.gov.cn/notice/123', '/evidence 12 验收报告已上传至OA', '/佐证 12（然后发送图片或文件）'],
  async run(ctx) {
    const item = await requireItem(ctx, this.usage);
    await requireRole(ctx, item);
    const text = noteAfterId(ctx, MAX_EVIDENCE_TEXT);
    await openEvidenceWindow(ctx.app.db, { platform: ctx.chat.platform, chatId: ctx.chat.id, userId: ctx.actor.id }, item.id, ctx.now);
    if (!text) {
      return itemCard(item, ctx.today, { headline: `📎 请在10分钟内在本会话发送图片或文件，将作为 #${item.id} 的佐证材料。` });
    }
    await addEvidence(ctx.app.db, ctx.actor, ctx.now, item.id, { kind: textEvidenceKind(text), content: text });
    return itemCard((await loadCommitment(ctx.app.db, item.id))!, ctx.today, {
      headline: `📎 已收到 #${item.id} 的佐证材料。10分钟内发送的图片、文件也会一并归档。`,
    });
  },
};
