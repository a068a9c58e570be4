import { findCommand } from '../../../commands';
import { notice, refusal } from '../../rendering/card';
import { echo } from '../../rendering/text';
import type { Step } from '../chain';
import { parseCommandLine, stripMentions } from '../commandLine';
import type { CommandTurn } from '../turn';

const MAX_MESSAGE_LENGTH = 12_000;
const BOT_ID_UNKNOWN = '机器人正在连接飞书，还不知道自己的账号，暂时分不清消息里@的是谁。带@的命令请稍后（约一分钟）再发；不带@他人的命令可以照常使用。';

/**
 * Reads the text as a command line: "/name arguments", @-mentions taken out.
 * Text that is no command, or names none we know, is answered here.
 */
export const parseCommand: Step<CommandTurn> = async (turn, next) => {
  const { text } = turn.message;
  if (text === null) return;
  let mentions = turn.message.mentions;
  if (turn.message.mentionsUnresolved) {
    // Mentions before the command address the bot; one after it is an argument we cannot tell from the bot.
    const command = text.search(/[/／]/);
    if (command < 0 || mentions.some((m) => text.indexOf(m.key, command) >= 0)) {
      turn.answer = refusal(BOT_ID_UNKNOWN);
      return;
    }
    mentions = [];
  }
  // PostgreSQL text cannot hold NUL; nothing else a user types is altered.
  const typed = stripMentions(text.replace(/\u0000/g, ''), mentions.map((m) => m.key));
  if (typed.length > MAX_MESSAGE_LENGTH) {
    turn.answer = refusal(`消息太长了（${typed.length}字）。较长的材料请作为文件发送。`);
    return;
  }
  const line = parseCommandLine(typed);
  if (!line) {
    turn.answer = notice('督办机器人', '请发送以 / 开头的命令，例如 /status 市发改局。发送 /帮助 查看全部命令。', 'grey');
    return;
  }
  const command = findCommand(line.name);
  if (!command) {
    turn.answer = refusal(`没有“/${echo(line.name, 20)}”这个命令。发送 /帮助 查看全部命令。`);
    return;
  }
  turn.parsed = { command, line, mentions };
  return next();
};
