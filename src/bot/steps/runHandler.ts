import type { Step } from '../chain';
import { commandContext, runCommand } from '../runCommand';
import type { CommandTurn } from '../turn';

/** Runs the command parseCommand found; its card is the answer. */
export const runHandler: Step<CommandTurn> = async (turn, next) => {
  if (!turn.parsed) return next();
  const { command, line, mentions } = turn.parsed;
  turn.answer = await runCommand(command, commandContext(turn.app, turn.message.sender, turn.message.chat, line, mentions));
};
