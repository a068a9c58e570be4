import type { App } from '../app';
import type { Actor } from '../domain/actor';
import type { Card } from '../rendering/card';
import { chain, runChain } from './chain';
import { parseCommand } from './steps/parseCommand';
import { runHandler } from './steps/runHandler';
import type { CommandTurn } from './turn';
import type { Chat, Mention } from './types';

/** A typed line: read as a command, run. */
export const COMMAND = chain<CommandTurn>(parseCommand, runHandler);

/** Runs a typed line as a command and returns the answer (Bot.runText; a page button's list). */
export async function runLine(app: App, actor: Actor, chat: Chat, typed: string, mentions: Mention[] = []): Promise<Card> {
  const turn: CommandTurn = { app, message: { sender: actor, chat, text: typed, mentions } };
  await runChain(COMMAND, turn);
  return turn.answer!;
}
