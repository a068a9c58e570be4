/** Where to answer a message: its session webhook while valid, else a proactive send. */
export interface Conversation {
  sessionWebhook?: string;
  expiresAt?: number;
  conversationId: string;
  conversationType: 'p2p' | 'group';
  senderStaffId: string;
}

/**
 * How to answer each received message, kept apart from the platform object:
 * the receiving side (HTTP callback, stream) fills it, the platform reads it
 * when it replies. The oldest are forgotten past `limit`.
 */
export class DingTalkConversations {
  private readonly byMessage = new Map<string, Conversation>();

  constructor(private readonly limit = 5000) {}

  remember(messageId: string, conversation: Conversation): void {
    this.byMessage.set(messageId, conversation);
    if (this.byMessage.size > this.limit) this.byMessage.delete(this.byMessage.keys().next().value!);
  }

  of(messageId: string): Conversation | undefined {
    return this.byMessage.get(messageId);
  }
}
