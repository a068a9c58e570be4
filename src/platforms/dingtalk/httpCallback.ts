import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Accepted } from '../../bot/bot';
import type { Logger } from '../../logger';
import { CardCallbackResponse, DingTalkCardCallback, isCardCallback } from './cardCallback';
import type { DingTalkMessage } from './events';
import type { CallbackAnswer, CallbackHandler, CallbackRequest } from '../../server/httpServer';
import { untilAnswerable } from '../platform';

export const DINGTALK_PATH = '/dingtalk/event';
/** DingTalk's own tolerance for the outgoing robot; real wall clock, never BOT_NOW. */
const MAX_SKEW_MS = 60 * 60 * 1000;

/** sign = Base64(HmacSHA256(key = appSecret, timestamp + "\n" + appSecret)). */
export function dingtalkSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

export function verifyDingTalkRequest(headers: IncomingHttpHeaders, appSecret: string, nowMs = Date.now()): string | null {
  const timestamp = String(headers.timestamp ?? '');
  const sign = String(headers.sign ?? '');
  if (!/^\d{10,16}$/.test(timestamp) || !sign) return 'missing timestamp or sign';
  if (Math.abs(nowMs - Number(timestamp)) > MAX_SKEW_MS) return 'stale timestamp';
  const expected = Buffer.from(dingtalkSign(timestamp, appSecret));
  const given = Buffer.from(sign);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad sign';
  return null;
}

/**
 * The outgoing-robot callback: verifies DingTalk's signature, then hands the
 * message over and answers at once (replies go through the session webhook).
 */
export function createDingTalkHandler(options: {
  appSecret: string;
  /** Resolves once the message is recorded (null: not for the bot); rejects when it cannot be. */
  onMessage: (message: DingTalkMessage) => Promise<Accepted | null>;
  /** Card clicks, in callback mode: answered in the response with the card's new variables. */
  onCardCallback?: (callback: DingTalkCardCallback) => Promise<CardCallbackResponse>;
  log: Logger;
  /** How long a message being handled may hold its answer (see untilAnswerable); tests lengthen it. */
  answerWithinMs?: number;
}): CallbackHandler {
  async function handle(req: CallbackRequest): Promise<number | CallbackAnswer> {
    if (req.method !== 'POST') return 405;
    const refused = verifyDingTalkRequest(req.headers, options.appSecret);
    if (refused) {
      options.log.warn('dingtalk callback refused', { reason: refused, network: req.network });
      return 401;
    }
    let message: DingTalkMessage;
    try {
      message = JSON.parse(req.body);
    } catch {
      return 400;
    }
    if (isCardCallback(message)) {
      if (!options.onCardCallback) return 404;
      try {
        return { status: 200, body: await options.onCardCallback(message) };
      } catch (error) {
        options.log.error('dingtalk card callback failed', { error: String(error) });
        return 500;
      }
    }
    // Not recorded → 500, so DingTalk delivers it again. Recorded and waiting its turn in a
    // burst → 200 at once; being handled → 200 when done or after 2 s, whichever comes first.
    try {
      await untilAnswerable(await options.onMessage(message), options.answerWithinMs);
      return 200;
    } catch (error) {
      options.log.error('dingtalk message not recorded', { error: String(error) });
      return 500;
    }
  }

  return (req) =>
    handle(req)
      .catch(() => 500)
      .then((outcome) => (typeof outcome === 'number' ? { status: outcome, body: {} } : outcome));
}
