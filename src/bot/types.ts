import type { App } from '../app';
import type { Actor } from '../domain/actor';
import type { Card } from '../rendering/card';

export interface Mention {
  /** The placeholder in the text, e.g. "@_user_1". */
  key: string;
  id: string;
  name: string;
}

export interface Chat {
  platform: Actor['platform'];
  id: string;
  type: 'p2p' | 'group';
}

/** A message from a user, whatever platform it came from. */
export interface IncomingMessage {
  eventId: string;
  messageId: string;
  chat: Chat;
  sender: Actor;
  text: string | null;
  mentions: Mention[];
  /** Group chats: whether the bot itself was @-mentioned. */
  mentionsBot: boolean;
  /** The bot's own id is not known yet, so which mention is the bot cannot be told; `mentions` holds them all. */
  mentionsUnresolved?: boolean;
  attachment?: { kind: 'image' | 'file'; key: string; name: string | null };
  /** The message this one replies to, if any. */
  parentId?: string;
}

/** A click on a card button. */
export interface CardAction {
  eventId?: string;
  messageId: string;
  chat: Chat;
  operator: Actor;
  value: Record<string, unknown>;
}

export interface CardActionResult {
  toast: { type: 'success' | 'info' | 'warning' | 'error'; content: string };
  card?: Card;
}

export interface CommandContext {
  app: App;
  actor: Actor;
  chat: Chat;
  /** Everything after the command name, as typed. */
  args: string;
  /** The arguments split on (half- or full-width) spaces. */
  argv: string[];
  /** Users @-mentioned in the message, the bot excluded, in order. */
  mentions: Mention[];
  now: Date;
  today: string;
}

export interface Command {
  name: string;
  aliases: string[];
  summary: string;
  usage: string;
  examples: string[];
  run(ctx: CommandContext): Promise<Card>;
}

/**
 * How a command that acts on an item went. `message` says it in a sentence;
 * a card button's toast shows its first line, coloured by `kind`.
 */
export interface ActionResult {
  kind: 'applied' | 'refused' | 'unchanged';
  card: Card;
  message: string;
}

/** A command a card button can stand for: besides its card, it tells how it went. */
export interface ActionCommand extends Command {
  act(ctx: CommandContext): Promise<ActionResult>;
}
