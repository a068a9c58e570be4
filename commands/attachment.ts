import type { App } from '../src/app';
import type { Chat, IncomingMessage } from '../src/bot/types';
import { shanghaiDay } from '../src/clock';
import type { Actor } from '../src/domain/actor';
import { TooLargeError } from '../src/platforms/platform';
import { Card, notice, refusal } from '../src/rendering/card';
import { itemCard } from '../src/rendering/itemCard';
import { escapeMarkdown } from '../src/rendering/text';
import { roleOn } from '../src/register/accounts';
import { addEvidence } from '../src/register/changes';
import { loadCommitment } from '../src/register/commitments';
import { evidenceTarget, openEvidenceWindow } from '../src/register/evidenceRequests';
import { safeFileName, storeEvidenceFile } from '../src/register/evidenceFiles';

/** An image or file someone sent, as its handler sees it. */
export interface SentFile {
  app: App;
  sender: Actor;
  chat: Chat;
  attachment: NonNullable<IncomingMessage['attachment']>;
  /** The message it replies to (a card about an item), if any. */
  parentId?: string;
  /** Fetches the file from the platform; throws TooLargeError above `maxBytes`. */
  download(maxBytes: number): Promise<Buffer>;
}

/**
 * What became of a file: filed as evidence for an item; refused (not the
 * sender's item, too large); or unfiled because no item was named: explained
 * in a private chat, left alone (no card) in a group.
 */
export type FileOutcome =
  | { kind: 'filed'; card: Card }
  | { kind: 'refused'; card: Card }
  | { kind: 'unfiled'; card: Card | null };

/** An image or file: evidence for the item the user named in the last 10 minutes, or whose card they replied to. */
export async function fileEvidence(sent: SentFile): Promise<FileOutcome> {
  const { app, sender, chat, attachment } = sent;
  const now = app.clock.now();
  const target = await evidenceTarget(app.db, { platform: chat.platform, chatId: chat.id, userId: sender.id, parentId: sent.parentId }, now);
  if (target === null) {
    return {
      kind: 'unfiled',
      card: chat.type === 'p2p' ? notice('未归档', '要把图片或文件作为佐证材料，请先发送 /佐证 编号，再在10分钟内发送文件；或直接回复该事项的卡片。', 'grey') : null,
    };
  }
  const item = (await loadCommitment(app.db, target))!;
  if (!(await roleOn(app.db, app.config, sender, item))) {
    return { kind: 'refused', card: refusal(`您不能为 #${item.id} 提交佐证材料：只有责任领导、部门联络员或督查室管理员可以。`) };
  }
  const max = app.config.evidenceMaxBytes;
  let bytes: Buffer;
  try {
    bytes = await sent.download(max);
  } catch (error) {
    if (error instanceof TooLargeError) return { kind: 'refused', card: refusal(`文件超过 ${Math.floor(max / 1024 / 1024)}MB 上限，未归档。请压缩后重新发送，或发送网盘链接：/佐证 ${item.id} 链接`) };
    throw error;
  }
  const name = safeFileName(attachment.name, attachment.kind === 'image' ? `图片-${attachment.key.slice(-8)}.png` : `文件-${attachment.key.slice(-8)}`);
  const stored = storeEvidenceFile(app.config.dataDir, bytes, name);
  await addEvidence(app.db, sender, now, item.id, { kind: attachment.kind, content: null, fileName: name, ...stored });
  await openEvidenceWindow(app.db, { platform: chat.platform, chatId: chat.id, userId: sender.id }, item.id, now);
  const card = itemCard((await loadCommitment(app.db, item.id))!, shanghaiDay(now), {
    headline: `📎 已归档${attachment.kind === 'image' ? '图片' : '文件'}“${escapeMarkdown(name)}”（${Math.ceil(bytes.length / 1024)}KB）为 #${item.id} 的佐证材料。`,
  });
  return { kind: 'filed', card };
}
