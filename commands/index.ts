import type { Command } from '../src/bot/types';
import { bind } from './bind';
import { digest } from './digest';
import { done } from './done';
import { due } from './due';
import { evidence } from './evidence';
import { helpCommand } from './help';
import { liaison } from './liaison';
import { mine } from './mine';
import { overdue } from './overdue';
import { progress } from './progress';
import { reopen } from './reopen';
import { show } from './show';
import { status } from './status';
import { subscribe, unsubscribe } from './subscribe';

/** Every chat command, in the order /help lists them. */
export const commands: Command[] = [];
commands.push(status, mine, show, done, reopen, progress, evidence, overdue, due, digest, bind, liaison, subscribe, unsubscribe, helpCommand(() => commands));

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name || c.aliases.includes(name));
}
