import type { Command } from '../src/bot/types';
import { ack } from './ack';
import { approve } from './approve';
import { assign } from './assign';
import { bind } from './bind';
import { digest } from './digest';
import { done } from './done';
import { due } from './due';
import { evidence } from './evidence';
import { extend } from './extend';
import { deny, grant } from './grant';
import { helpCommand } from './help';
import { liaison } from './liaison';
import { mine } from './mine';
import { overdue } from './overdue';
import { progress } from './progress';
import { returnCommand } from './return';
import { review } from './review';
import { show } from './show';
import { status } from './status';
import { subscribe, unsubscribe } from './subscribe';
import { urge } from './urge';

/** Every chat command, in the order /help lists them. */
export const commands: Command[] = [];
commands.push(
  status, mine, show, done, progress, evidence, extend, ack, overdue, due, digest,
  review, approve, returnCommand, grant, deny, assign, urge,
  bind, liaison, subscribe, unsubscribe, helpCommand(() => commands),
);

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name || c.aliases.includes(name));
}
