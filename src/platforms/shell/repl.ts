import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import type { Bot } from '../../bot/bot';
import type { Chat, IncomingMessage, Mention } from '../../bot/types';
import type { Actor } from '../../domain/actor';

/** In the shell, "@张三" mentions the person named 张三. */
export function shellMentions(line: string): Mention[] {
  return [...line.matchAll(/[@＠]([^\s\u3000@＠]+)/g)].map((m) => ({ key: m[0], id: m[1], name: m[1] }));
}

export const SHELL_CHAT: Chat = { platform: 'shell', id: 'shell', type: 'p2p' };

/** A typed line as a message, like any platform's: its id is the session and the line number. */
export function shellMessage(actor: Actor, line: string, id: string): IncomingMessage {
  return { eventId: id, messageId: id, chat: SHELL_CHAT, sender: actor, text: line, mentions: shellMentions(line), mentionsBot: true };
}

export interface ShellOptions {
  actor: Actor;
  input: NodeJS.ReadableStream;
  write: (text: string) => void;
  interactive: boolean;
  /** Names this run's line ids; a fresh one per run unless a test fixes it. */
  session?: string;
}

/**
 * A local chat (like Hubot's shell adapter): each line is a message that
 * enters through Bot.receive(), as a Feishu or DingTalk message does, and is
 * answered through the ShellPlatform's reply. Reads a pipe line by line and
 * ends with it, so it can be scripted.
 */
export async function runShell(bot: Bot, options: ShellOptions): Promise<void> {
  const session = options.session ?? randomUUID();
  const rl = readline.createInterface({ input: options.input, terminal: options.interactive });
  const prompt = `${options.actor.name ?? options.actor.id}> `;
  if (options.interactive) {
    rl.setPrompt(prompt);
    rl.prompt();
  }
  let lineNo = 0;
  for await (const raw of rl) {
    const line = raw.trim();
    lineNo++;
    if (line === 'exit' || line === 'quit' || line === '/exit') break;
    if (line) {
      if (!options.interactive) options.write(`${prompt}${line}`);
      await bot.receive(shellMessage(options.actor, line, `shell:${session}:${lineNo}`));
    }
    if (options.interactive) rl.prompt();
  }
  rl.close();
}
