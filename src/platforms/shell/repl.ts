import readline from 'node:readline';
import type { Bot } from '../../bot/bot';
import type { Chat, Mention } from '../../bot/types';
import type { Actor } from '../../domain/actor';
import { toText } from '../../rendering/textCard';

/** In the shell, "@张三" mentions the person named 张三. */
export function shellMentions(line: string): Mention[] {
  return [...line.matchAll(/[@＠]([^\s\u3000@＠]+)/g)].map((m) => ({ key: m[0], id: m[1], name: m[1] }));
}

export interface ShellOptions {
  actor: Actor;
  input: NodeJS.ReadableStream;
  write: (text: string) => void;
  interactive: boolean;
}

/**
 * A local chat (like Hubot's shell): each line is a message to the bot. Reads a
 * pipe line by line and ends with it, so it can be scripted.
 */
export async function runShell(bot: Bot, options: ShellOptions): Promise<void> {
  const chat: Chat = { platform: 'shell', id: 'shell', type: 'p2p' };
  const rl = readline.createInterface({ input: options.input, terminal: options.interactive });
  const prompt = `${options.actor.name ?? options.actor.id}> `;
  if (options.interactive) {
    rl.setPrompt(prompt);
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === 'exit' || line === 'quit' || line === '/exit') break;
    if (line) {
      if (!options.interactive) options.write(`${prompt}${line}`);
      const card = await bot.runText(options.actor, chat, line, shellMentions(line));
      options.write(`${toText(card)}\n`);
    }
    if (options.interactive) rl.prompt();
  }
  rl.close();
}
