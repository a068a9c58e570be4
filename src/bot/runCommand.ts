import type { App } from '../app';
import { shanghaiDay } from '../clock';
import type { Actor } from '../domain/actor';
import type { Card } from '../rendering/card';
import { asReply } from './arguments';
import type { CommandLine } from './commandLine';
import type { Chat, Command, CommandContext, Mention } from './types';

/** What a command runs with: who, where, what was typed after its name, and the one "now". */
export function commandContext(app: App, actor: Actor, chat: Chat, line: Omit<CommandLine, 'name'>, mentions: Mention[] = []): CommandContext {
  const now = app.clock.now();
  return { app, actor, chat, args: line.args, argv: line.argv, mentions, now, today: shanghaiDay(now) };
}

/** Runs a command; one that ends early (a Reply: refused, or nothing to do) answers with that card. */
export async function runCommand(command: Command, ctx: CommandContext): Promise<Card> {
  try {
    return await command.run(ctx);
  } catch (error) {
    const reply = asReply(error);
    if (reply) return reply.card;
    throw error;
  }
}
