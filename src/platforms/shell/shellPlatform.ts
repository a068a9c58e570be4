import type { Card } from '../../rendering/card';
import { toText } from '../../rendering/textCard';
import type { ChatPlatform, OutgoingFile } from '../platform';

/** The terminal as a chat platform: cards are printed as text. */
export class ShellPlatform implements ChatPlatform {
  readonly name = 'shell' as const;
  private sent = 0;

  constructor(private readonly write: (text: string) => void) {}

  async reply(_messageId: string, card: Card): Promise<string> {
    this.write(`${toText(card)}\n`);
    return `shell-${++this.sent}`;
  }

  async send(target: { chatId: string } | { userId: string }, card: Card): Promise<string> {
    this.write(`→ ${'chatId' in target ? `群 ${target.chatId}` : `用户 ${target.userId}`}\n${toText(card)}`);
    return `shell-${++this.sent}`;
  }

  async sendFile(target: { chatId: string } | { userId: string }, file: OutgoingFile): Promise<string> {
    this.write(`→ ${'chatId' in target ? `群 ${target.chatId}` : `用户 ${target.userId}`}\n📄 文件：${file.name}（${Math.ceil(file.bytes.length / 1024)}KB）`);
    return `shell-${++this.sent}`;
  }

  async download(): Promise<Buffer> {
    throw new Error('本地终端不能接收文件；请用 /佐证 编号 文字或链接');
  }
}
