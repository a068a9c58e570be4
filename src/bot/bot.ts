import { findCommand } from '../../commands';
import type { App } from '../app';
import { shanghaiDay } from '../clock';
import type { Actor } from '../domain/actor';
import { roleOn } from '../register/accounts';
import type { Logger } from '../logger';
import type { ChatPlatform } from '../platforms/platform';
import { TooLargeError } from '../platforms/platform';
import { Card, notice, NOTHING_TO_DO, REFUSED, refusal } from '../rendering/card';
import { itemCard } from '../rendering/itemCard';
import { isLifecycleAction, LIFECYCLE_BUTTONS } from '../rendering/lifecycleButtons';
import { echo, escapeMarkdown } from '../rendering/text';
import { addEvidence } from '../register/changes';
import { loadCommitment } from '../register/commitments';
import { DepartmentNotFound, departmentNotFoundText } from '../register/departments';
import { evidenceTarget, openEvidenceWindow, rememberBotMessage } from '../register/evidenceRequests';
import { safeFileName, storeEvidenceFile } from '../register/evidenceFiles';
import { Reply } from './arguments';
import { InFlight } from './inFlight';
import { countedEvent } from '../metrics';
import { currentRequestId, withRequestId } from '../requestContext';
import { parseCommandLine, stripMentions } from './commandLine';
import { claimEvent, finishEvent, staleMessages } from './inboundEvents';
import { HandlingQueue } from './handlingQueue';
import { EventRecorder } from './eventRecorder';
import type { CardAction, CardActionResult, Chat, CommandContext, IncomingMessage, Mention } from './types';

const MAX_MESSAGE_LENGTH = 12_000;
const BOT_ID_UNKNOWN = '机器人正在连接飞书，还不知道自己的账号，暂时分不清消息里@的是谁。带@的命令请稍后（约一分钟）再发；不带@他人的命令可以照常使用。';

/**
 * Messages handled at once; the rest of a burst waits its turn, already recorded.
 * Handling mostly waits on the platform's reply call, so fewer than the 16 a busy
 * chat sends at once slowed /status (bench: 4 made c16 2.7× its floor; 16, 0.65×).
 */
export const HANDLERS_AT_ONCE = 16;

/** A recorded message: its handling, and whether that had to wait for a turn. */
export interface Accepted {
  handled: Promise<void>;
  waiting: boolean;
}

/**
 * The bot: turns messages and card clicks from any platform into commands and
 * replies. Like a grammY bot, it knows commands only through the registry.
 */
export class Bot {
  /** Messages being handled: a shutdown waits for them. */
  readonly inFlight = new InFlight();
  private readonly handling = new HandlingQueue(HANDLERS_AT_ONCE);
  private readonly recorder: EventRecorder;

  constructor(
    private readonly app: App,
    private readonly platform: ChatPlatform,
    private readonly log: Logger,
  ) {
    this.recorder = new EventRecorder(app.db);
  }

  /**
   * Records a delivered message, then handles it; repeats of an event are
   * ignored. Rejects only when the message could not be recorded, so that the
   * platform delivers it again rather than losing it; handling never throws.
   */
  receive(message: IncomingMessage): Promise<void> {
    return this.accept(message).then((accepted) => accepted.handled);
  }

  /**
   * Records a message and gives its handling a turn. Resolves once the message
   * is recorded (rejects when it cannot be), telling whether its handling had
   * to wait for a turn: a platform may acknowledge such a message at once,
   * since a recorded message is handled even if this process dies (see
   * resumeUnfinished).
   */
  accept(message: IncomingMessage): Promise<Accepted> {
    const started = Date.now();
    // The event id is the request id: every line logged while handling it, and the deliveries it queues, carry it.
    const recorded = withRequestId(message.eventId, () => this.recorder.claim({ id: message.eventId, platform: message.chat.platform, kind: 'message', payload: message }));
    let waiting = false;
    const handled = countedEvent(this.platform.name, recorded.then((fresh) => {
      if (!fresh) {
        this.log.info('duplicate event ignored', { eventId: message.eventId });
        return;
      }
      waiting = this.handling.full;
      return this.handling.run(() => withRequestId(message.eventId, () => this.handle(message)));
    }));
    // One line per event, with ids only: never what was said or by whom.
    const line = () => ({ requestId: message.eventId, platform: this.platform.name, kind: 'message', ms: Date.now() - started });
    handled.then(() => this.log.info('event', line()), (error) => this.log.error('event not recorded', { ...line(), error: String(error) }));
    this.inFlight.track(handled);
    // Registered after the handling's own reaction to `recorded`, so `waiting` is decided by now.
    return recorded.then(() => ({ handled, waiting }));
  }

  /**
   * Handles messages that a process recorded and then died before handling
   * (left "received" longer than a live process would take); returns how many.
   */
  async resumeUnfinished(): Promise<number> {
    const stale = await staleMessages(this.app.db, this.platform.name);
    for (const message of stale) await this.receive(message as IncomingMessage);
    return stale.length;
  }

  private async handle(message: IncomingMessage): Promise<void> {
    try {
      const card = await this.answer(message);
      if (card) await this.replyTo(message, card);
      await finishEvent(this.app.db, message.eventId);
    } catch (error) {
      this.log.error('event failed', { eventId: message.eventId, error: String((error as Error).stack ?? error) });
      await finishEvent(this.app.db, message.eventId, error).catch(() => undefined);
      await this.replyTo(message, notice('系统繁忙', '处理您的消息时出错了，已记录。请稍后再试，或联系督查室。', 'red')).catch(() => undefined);
    }
  }

  private async replyTo(message: IncomingMessage, card: Card): Promise<void> {
    const sent = await this.platform.reply(message.messageId, card, `r-${message.eventId}`.slice(0, 50));
    // Remembered only for cards about one item: a reply to such a card can attach evidence to it.
    if (!card.commitmentId) return;
    await rememberBotMessage(this.app.db, { platform: message.chat.platform, messageId: sent, chatId: message.chat.id, commitmentId: card.commitmentId, at: this.app.clock.now() });
  }

  /** The reply to a message, or null when the message is not for the bot. */
  async answer(message: IncomingMessage): Promise<Card | null> {
    if (message.attachment) return this.attach(message);
    if (message.text === null) return null;
    if (message.chat.type === 'group' && !message.mentionsBot) return null;
    if (message.mentionsUnresolved) {
      // Mentions before the command address the bot; one after it is an argument we cannot tell from the bot.
      const command = message.text.search(/[/／]/);
      if (command < 0 || message.mentions.some((m) => message.text!.indexOf(m.key, command) >= 0)) return refusal(BOT_ID_UNKNOWN);
      return this.runText(message.sender, message.chat, message.text, []);
    }
    return this.runText(message.sender, message.chat, message.text, message.mentions);
  }

  /** Runs a typed line as a command; used by every platform and by the shell. */
  async runText(actor: Actor, chat: Chat, typed: string, mentions: Mention[] = []): Promise<Card> {
    // PostgreSQL text cannot hold NUL; nothing else a user types is altered.
    const text = stripMentions(typed.replace(/\u0000/g, ''), mentions.map((m) => m.key));
    if (text.length > MAX_MESSAGE_LENGTH) return refusal(`消息太长了（${text.length}字）。较长的材料请作为文件发送。`);
    const line = parseCommandLine(text);
    if (!line) return notice('督办机器人', '请发送以 / 开头的命令，例如 /status 市发改局。发送 /帮助 查看全部命令。', 'grey');
    const command = findCommand(line.name);
    if (!command) return refusal(`没有“/${echo(line.name, 20)}”这个命令。发送 /帮助 查看全部命令。`);
    const now = this.app.clock.now();
    const ctx: CommandContext = { app: this.app, actor, chat, args: line.args, argv: line.argv, mentions, now, today: shanghaiDay(now) };
    try {
      return await command.run(ctx);
    } catch (error) {
      if (error instanceof Reply) return error.card;
      if (error instanceof DepartmentNotFound) {
        return refusal(departmentNotFoundText(error.query, error.ambiguous, error.candidates, echo, '发送 /status 查看全部部门。'));
      }
      throw error;
    }
  }

  /** An image or file: evidence for the item the user named in the last 10 minutes, or whose card they replied to. */
  private async attach(message: IncomingMessage): Promise<Card | null> {
    const attachment = message.attachment!;
    const now = this.app.clock.now();
    const target = await evidenceTarget(this.app.db, { platform: message.chat.platform, chatId: message.chat.id, userId: message.sender.id, parentId: message.parentId }, now);
    if (target === null) {
      return message.chat.type === 'p2p'
        ? notice('未归档', '要把图片或文件作为佐证材料，请先发送 /佐证 编号，再在10分钟内发送文件；或直接回复该事项的卡片。', 'grey')
        : null;
    }
    const item = (await loadCommitment(this.app.db, target))!;
    if (!(await roleOn(this.app.db, this.app.config, message.sender, item))) {
      return refusal(`您不能为 #${item.id} 提交佐证材料：只有责任领导、部门联络员或督查室管理员可以。`);
    }
    const max = this.app.config.evidenceMaxBytes;
    let bytes: Buffer;
    try {
      bytes = await this.platform.download(message.messageId, attachment.key, attachment.kind, max);
    } catch (error) {
      if (error instanceof TooLargeError) return refusal(`文件超过 ${Math.floor(max / 1024 / 1024)}MB 上限，未归档。请压缩后重新发送，或发送网盘链接：/佐证 ${item.id} 链接`);
      throw error;
    }
    const name = safeFileName(attachment.name, attachment.kind === 'image' ? `图片-${attachment.key.slice(-8)}.png` : `文件-${attachment.key.slice(-8)}`);
    const stored = storeEvidenceFile(this.app.config.dataDir, bytes, name);
    await addEvidence(this.app.db, message.sender, now, item.id, { kind: attachment.kind, content: null, fileName: name, ...stored });
    await openEvidenceWindow(this.app.db, { platform: message.chat.platform, chatId: message.chat.id, userId: message.sender.id }, item.id, now);
    return itemCard((await loadCommitment(this.app.db, item.id))!, shanghaiDay(now), {
      headline: `📎 已归档${attachment.kind === 'image' ? '图片' : '文件'}“${escapeMarkdown(name)}”（${Math.ceil(bytes.length / 1024)}KB）为 #${item.id} 的佐证材料。`,
    });
  }

  /**
   * A card button: same effect as the command, answered with a toast and the
   * updated card. A callback seen before (a replay within the signature's
   * window) is recorded like a message event and not applied again.
   */
  cardAction(action: CardAction): Promise<CardActionResult> {
    return withRequestId(action.eventId, async () => {
      const started = Date.now();
      const result = await this.cardActionOnce(action);
      this.log.info('event', { requestId: currentRequestId() ?? null, platform: this.platform.name, kind: 'card_action', ms: Date.now() - started });
      return result;
    });
  }

  private async cardActionOnce(action: CardAction): Promise<CardActionResult> {
    if (action.eventId) {
      const payload = { messageId: action.messageId, operator: action.operator.id, value: action.value };
      const fresh = await claimEvent(this.app.db, { id: action.eventId, platform: action.chat.platform, kind: 'card_action', payload });
      if (!fresh) {
        this.log.warn('duplicate card action ignored', { eventId: action.eventId });
        return { toast: { type: 'info', content: '这个操作已经处理过了' } };
      }
    }
    try {
      const result = await this.runCardAction(action);
      if (action.eventId) await finishEvent(this.app.db, action.eventId);
      return result;
    } catch (error) {
      this.log.error('card action failed', { eventId: action.eventId, error: String((error as Error).stack ?? error) });
      if (action.eventId) await finishEvent(this.app.db, action.eventId, error).catch(() => undefined);
      return { toast: { type: 'error', content: '操作失败，请稍后再试' } };
    }
  }

  private async commandFromButton(action: CardAction, line: string): Promise<CardActionResult> {
    return commandToast(await this.runText(action.operator, action.chat, line));
  }

  private async runCardAction(action: CardAction): Promise<CardActionResult> {
    const value = action.value;
    const id = typeof value.id === 'number' ? value.id : Number(value.id);
    const now = this.app.clock.now();
    const page = Number(value.page) || 1;
    if (isLifecycleAction(value.action)) {
      const button = LIFECYCLE_BUTTONS[value.action];
      if (button.needsText) return { toast: { type: 'info', content: `请发送 ${button.command} ${id} ${button.needsText}` } };
      return this.commandFromButton(action, `${button.command} ${id}`);
    }
    switch (value.action) {
      case 'done':
        return this.commandFromButton(action, `/done ${id}`);
      case 'evidence': {
        const item = await loadCommitment(this.app.db, id);
        if (!item) return { toast: { type: 'error', content: `没有编号为 #${id} 的事项` } };
        await openEvidenceWindow(this.app.db, { platform: action.chat.platform, chatId: action.chat.id, userId: action.operator.id }, id, now);
        return { toast: { type: 'info', content: `请在10分钟内发送图片或文件，或发送 /佐证 ${id} 文字或链接` } };
      }
      case 'progress':
        return { toast: { type: 'info', content: `请发送 /进展 ${id} 百分比 说明，例如 /进展 ${id} 60% 已完成主体工程` } };
      case 'page': {
        const command = String(value.command ?? '');
        if (!command.startsWith('/')) return { toast: { type: 'warning', content: '这个按钮已失效，请重新发送命令' } };
        return { toast: { type: 'info', content: `第${page}页` }, card: await this.runText(action.operator, action.chat, `${command} ${page}`) };
      }
      default:
        return { toast: { type: 'warning', content: '这个按钮已失效，请重新发送命令' } };
    }
  }
}

/** A button that stands for a command runs that command; its reply becomes the toast and the updated card. */
async function commandToast(card: Card): Promise<CardActionResult> {
  if (card.title === REFUSED) return { toast: { type: 'error', content: firstLine(card) } };
  // A repeat (second click, someone else decided first) changes nothing and says so.
  if (card.title === NOTHING_TO_DO || card.tone === 'grey' && !card.commitmentId) return { toast: { type: 'info', content: firstLine(card) } };
  return { toast: { type: 'success', content: firstLine(card).split('。')[0] }, card };
}

function firstLine(card: Card): string {
  const block = card.blocks.find((b) => b.kind === 'markdown');
  return (block && block.kind === 'markdown' ? block.text : card.title).split('\n')[0].replace(/\*\*/g, '').slice(0, 60);
}
