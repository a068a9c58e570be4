import type { Platform } from '../domain/actor';
import type { Db } from '../../db/connection';

/** How long after "/evidence <id>" an image or file in the same chat is taken as evidence for it. */
export const EVIDENCE_WINDOW_MS = 10 * 60 * 1000;

export async function openEvidenceWindow(db: Db, where: { platform: Platform; chatId: string; userId: string }, commitmentId: number, now: Date): Promise<void> {
  await db.insertInto('evidence_requests')
    .values({ platform: where.platform, chat_id: where.chatId, user_id: where.userId, commitment_id: commitmentId, expires_at: new Date(now.getTime() + EVIDENCE_WINDOW_MS) })
    .onConflict((oc) => oc.columns(['platform', 'chat_id', 'user_id']).doUpdateSet({ commitment_id: commitmentId, expires_at: new Date(now.getTime() + EVIDENCE_WINDOW_MS) }))
    .execute();
}

/** The item a file sent now is evidence for: an open window, or the bot message it replies to. */
export async function evidenceTarget(
  db: Db,
  where: { platform: Platform; chatId: string; userId: string; parentId?: string },
  now: Date,
): Promise<number | null> {
  if (where.parentId) {
    const parent = await db.selectFrom('bot_messages').select('commitment_id')
      .where('platform', '=', where.platform).where('message_id', '=', where.parentId).executeTakeFirst();
    if (parent?.commitment_id) return parent.commitment_id;
  }
  const open = await db.selectFrom('evidence_requests').select(['commitment_id', 'expires_at'])
    .where('platform', '=', where.platform).where('chat_id', '=', where.chatId).where('user_id', '=', where.userId)
    .executeTakeFirst();
  return open && open.expires_at.getTime() >= now.getTime() ? open.commitment_id : null;
}

/** Remembers a card the bot sent about one item, so that a reply to it can attach evidence to that item. */
export async function rememberBotMessage(db: Db, sent: { platform: Platform; messageId: string; chatId: string; commitmentId: number; at: Date }): Promise<void> {
  await db.insertInto('bot_messages')
    .values({ platform: sent.platform, message_id: sent.messageId, chat_id: sent.chatId, commitment_id: sent.commitmentId, created_at: sent.at })
    .onConflict((oc) => oc.columns(['platform', 'message_id']).doNothing())
    .execute();
}
