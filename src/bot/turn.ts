import type { App } from '../app';
import type { Logger } from '../logger';
import type { ChatPlatform } from '../platforms/platform';
import type { Card } from '../rendering/card';
import type { CommandLine } from './commandLine';
import type { CardAction, CardActionResult, Command, IncomingMessage, Mention } from './types';

/** What the command steps read of a message: who said what, where, mentioning whom. */
export type Said = Pick<IncomingMessage, 'sender' | 'chat' | 'text' | 'mentions' | 'mentionsUnresolved'>;

/** A typed line on its way through parseCommand and runHandler (Bot.runText). */
export interface CommandTurn {
  readonly app: App;
  readonly message: Said;
  /** Set by parseCommand: the command named and what was typed after it. */
  parsed?: { command: Command; line: CommandLine; mentions: Mention[] };
  /** What to answer, once a step has decided; none means the message is not for the bot. */
  answer?: Card;
}

/** A delivered message on its way through the bot's chain. */
export interface MessageTurn extends CommandTurn {
  readonly message: IncomingMessage;
  readonly platform: ChatPlatform;
  readonly log: Logger;
  /** Set by recordEvent as it starts: resolves true when the message is new, false for a repeat. */
  recorded?: Promise<boolean>;
  /** Set by recordEvent: whether the handling had to wait for a turn. */
  waiting: boolean;
}

/** A click on a card button on its way through the bot's chain. */
export interface ClickTurn {
  readonly app: App;
  readonly log: Logger;
  readonly action: CardAction;
  /** The toast, and the updated card when something changed, once a step has decided. */
  result?: CardActionResult;
}
