import { findCommand } from '../../commands';
import { fileEvidence } from '../../commands/attachment';
import { pressButton } from '../../commands/cardActions';
import type { App } from '../app';
import type { Actor } from '../domain/actor';
import type { Logger } from '../logger';
import type { ChatPlatform } from '../platforms/platform';
import { Card, notice, refusal } from '../rendering/card';
import { echo } from '../rendering/text';
import { rememberBotMessage } from '../register/evidenceRequests';
import { InFlight } from './inFlight';
import { commandContext, runCommand } from './runCommand';
import { countedEvent } from '../metrics';
import { currentRequestId, withRequestId } from '../requestContext';
import { parseCommandLine, stripMentions } from './commandLine';
import { claimEvent, finishEvent, staleMessages } from './inboundEvents';
import { HandlingQueue } from './handlingQueue';
import { EventRecorder } from './eventRecorder';
import type { CardAction, CardActionResult, Chat, IncomingMessage, Mention } from './types';

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
    return runCommand(command, commandContext(this.app, actor, chat, line, mentions));
  }

  /** An image or file: the evidence handler (commands/attachment) files it or says why not. */
  private async attach(message: IncomingMessage): Promise<Card | null> {
    const attachment = message.attachment!;
    const outcome = await fileEvidence({
      app: this.app, sender: message.sender, chat: message.chat, attachment, parentId: message.parentId,
      download: (maxBytes) => this.platform.download(message.messageId, attachment.key, attachment.kind, maxBytes),
    });
    return outcome.card;
  }

  /**
   * A card button: same effect as the command, answered with a toast and the
   * updated card (commands/cardActions). A callback seen before (a replay
   * within the signature's window) is recorded like a message event and not
   * applied again.
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
      const result = await pressButton({
        app: this.app, actor: action.operator, chat: action.chat, value: action.value,
        runLine: (text) => this.runText(action.operator, action.chat, text),
      });
      if (action.eventId) await finishEvent(this.app.db, action.eventId);
      return result;
    } catch (error) {
      this.log.error('card action failed', { eventId: action.eventId, error: String((error as Error).stack ?? error) });
      if (action.eventId) await finishEvent(this.app.db, action.eventId, error).catch(() => undefined);
      return { toast: { type: 'error', content: '操作失败，请稍后再试' } };
    }
  }
}
