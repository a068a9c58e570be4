import type { App } from '../app';
import type { Actor } from '../domain/actor';
import type { Logger } from '../logger';
import { countedEvent } from '../metrics';
import type { ChatPlatform } from '../platforms/platform';
import type { Card } from '../rendering/card';
import { currentRequestId, withRequestId } from '../requestContext';
import { chain, runChain, Step } from './chain';
import { EventRecorder } from './eventRecorder';
import { HandlingQueue } from './handlingQueue';
import { staleMessages } from './inboundEvents';
import { InFlight } from './inFlight';
import { COMMAND, runLine } from './runLine';
import { fileAttachment } from './steps/fileAttachment';
import { ignoreNotForUs } from './steps/ignoreNotForUs';
import { pressButton } from './steps/pressButton';
import { recordClick } from './steps/recordClick';
import { recordEvent } from './steps/recordEvent';
import { reply } from './steps/reply';
import { settleClick } from './steps/settleClick';
import { settleEvent } from './steps/settleEvent';
import type { ClickTurn, MessageTurn } from './turn';
import type { CardAction, CardActionResult, Chat, IncomingMessage, Mention } from './types';

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

/** What a message is answered with: nothing when it is not for the bot; a file is evidence; text is a command. */
const ANSWER = chain<MessageTurn>(ignoreNotForUs, fileAttachment, COMMAND);

/** A card click: recorded (a replay stops there), settled as done or failed, its button's handler run. */
const CLICK = chain<ClickTurn>(recordClick, settleClick, pressButton);

/**
 * The bot: turns messages and card clicks from any platform into commands and
 * replies. Like a grammY bot, a message or a click goes through a chain of
 * steps (src/bot/steps/), and commands are known only through the registry.
 */
export class Bot {
  /** Messages being handled: a shutdown waits for them. */
  readonly inFlight = new InFlight();
  private readonly handling = new HandlingQueue(HANDLERS_AT_ONCE);
  private readonly recorder: EventRecorder;
  /** A delivered message: recorded, settled as done or failed, answered. */
  private readonly steps: Step<MessageTurn>;

  constructor(
    private readonly app: App,
    private readonly platform: ChatPlatform,
    private readonly log: Logger,
  ) {
    this.recorder = new EventRecorder(app.db);
    this.steps = chain<MessageTurn>(recordEvent(this.recorder, this.handling), settleEvent, reply, ANSWER);
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
    const turn = this.turnOf(message);
    const handled = countedEvent(this.platform.name, runChain(this.steps, turn));
    // One line per event, with ids only: never what was said or by whom.
    const line = () => ({ requestId: message.eventId, platform: this.platform.name, kind: 'message', ms: Date.now() - started });
    handled.then(() => this.log.info('event', line()), (error) => this.log.error('event not recorded', { ...line(), error: String(error) }));
    this.inFlight.track(handled);
    // recordEvent, the chain's first step, set `recorded` as it started and reacts to it before this does: `waiting` is decided by then.
    return turn.recorded!.then(() => ({ handled, waiting: turn.waiting }));
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

  /** The reply to a message, or null when the message is not for the bot. */
  async answer(message: IncomingMessage): Promise<Card | null> {
    const turn = this.turnOf(message);
    await runChain(ANSWER, turn);
    return turn.answer ?? null;
  }

  /** Runs a typed line as a command and returns its answer, neither recorded nor sent (tests, the bench's card tour). */
  runText(actor: Actor, chat: Chat, typed: string, mentions: Mention[] = []): Promise<Card> {
    return runLine(this.app, actor, chat, typed, mentions);
  }

  private turnOf(message: IncomingMessage): MessageTurn {
    return { app: this.app, platform: this.platform, log: this.log, message, waiting: false };
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
      const turn: ClickTurn = { app: this.app, log: this.log, action };
      await runChain(CLICK, turn);
      this.log.info('event', { requestId: currentRequestId() ?? null, platform: this.platform.name, kind: 'card_action', ms: Date.now() - started });
      return turn.result!;
    });
  }
}
