import type { Command } from '../src/bot/types';
import { markdown } from '../src/rendering/card';
import { escapeMarkdown } from '../src/rendering/text';

/** Built from the registry so it never falls out of date; the registry passes itself in. */
export function helpCommand(all: () => Command[]): Command {
  return {
    name: 'help',
    aliases: ['帮助', '?', '？'],
    summary: '命令说明和示例',
    usage: '/help',
    examples: ['/help', '/帮助'],
    async run() {
      const lines = all().map((c) =>
        `**${escapeMarkdown(c.usage)}**（/${c.aliases[0] ?? c.name}）\n${c.summary}。例：${c.examples.map(escapeMarkdown).join('　')}`);
      return {
        title: '督办机器人 · 命令说明',
        tone: 'blue',
        blocks: [
          markdown(lines.join('\n')),
          markdown('编号即列表中 # 后的数字。在群里请先 @机器人 再输入命令；斜杠和空格用全角、半角均可。'),
        ],
      };
    },
  };
}
