import { DWClient, TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import type { App } from '../../app';
import { Bot } from '../../bot/bot';
import type { DingTalkSettings } from '../../config';
import type { Logger } from '../../logger';
import { HttpServer, mountCallback } from '../../server/httpServer';
import { DingTalkApi } from './api';
import { answerCardCallback, CardCallbackResponse, DingTalkCardCallback, isCardCallback } from './cardCallback';
import { DingTalkConversations } from './conversations';
import { DingTalkPlatform } from './dingtalkPlatform';
import { acceptDingTalkMessage, DingTalkMessage } from './events';
import { createDingTalkHandler, DINGTALK_PATH } from './httpCallback';

export interface DingTalkRuntime {
  bot: Bot;
  platform: DingTalkPlatform;
  /** How to answer the messages received; the platform replies from it. */
  conversations: DingTalkConversations;
  callbackUrl?: string;
  /** The stream is up (always true for the HTTP callback). */
  connected(): boolean;
  stop(): Promise<void>;
}

/**
 * Subscribes a dingtalk-stream client to robot messages. A frame is
 * acknowledged as soon as `record` has recorded its message, before it is
 * handled (a recorded message is handled even if this process dies); one that
 * could not be recorded is left unacknowledged, and DingTalk pushes it again.
 */
export function connectStream(client: DWClient, record: (message: DingTalkMessage) => Promise<unknown>, log: Logger): void {
  client.registerCallbackListener(TOPIC_ROBOT, (frame) => {
    const ack = () => client.socketCallBackResponse(frame.headers.messageId, { status: 'SUCCESS' });
    let message: DingTalkMessage;
    try {
      message = JSON.parse(frame.data);
    } catch {
      log.warn('dingtalk stream frame is not JSON', { messageId: frame.headers.messageId });
      ack();
      return;
    }
    record(message).then(ack, (error) => log.error('dingtalk message not recorded', { error: String(error) }));
  });
}

/**
 * Card clicks over the stream. The answer (the card's new variables) goes back
 * as the frame's response; a click that could not be handled is left
 * unanswered, and DingTalk delivers it again under the same message id.
 */
export function connectCardStream(client: DWClient, onCard: (callback: DingTalkCardCallback, deliveryId: string) => Promise<CardCallbackResponse>, log: Logger): void {
  client.registerCallbackListener(TOPIC_CARD, (frame) => {
    const messageId = frame.headers.messageId;
    let callback: unknown;
    try {
      callback = JSON.parse(frame.data);
    } catch {
      callback = null;
    }
    if (!isCardCallback(callback)) {
      log.warn('dingtalk card callback not understood', { messageId });
      client.socketCallBackResponse(messageId, {});
      return;
    }
    onCard(callback, messageId).then(
      (response) => client.socketCallBackResponse(messageId, response),
      (error) => log.error('dingtalk card callback failed', { error: String(error) }),
    );
  });
}

/** The bot's listeners on a stream client: robot messages and card clicks. */
export function subscribeStream(client: DWClient, bot: Bot, conversations: DingTalkConversations, log: Logger): void {
  connectStream(client, (message) => acceptDingTalkMessage(message, bot, conversations), log);
  connectCardStream(client, (callback, deliveryId) => answerCardCallback(callback, bot, deliveryId), log);
}

export async function startDingTalk(app: App, settings: DingTalkSettings, log: Logger, options: { port?: number; server?: HttpServer; answerWithinMs?: number } = {}): Promise<DingTalkRuntime> {
  const conversations = new DingTalkConversations();
  const platform = new DingTalkPlatform(new DingTalkApi(settings), log, undefined, settings.eventMode === 'http' ? 'HTTP' : 'STREAM', conversations);
  const bot = new Bot(app, platform, log);
  if (settings.eventMode === 'http') {
    const handler = createDingTalkHandler({
      appSecret: settings.appSecret,
      onMessage: (message) => acceptDingTalkMessage(message, bot, conversations),
      onCardCallback: (callback) => answerCardCallback(callback, bot),
      log,
      answerWithinMs: options.answerWithinMs,
    });
    const route = await mountCallback({ server: options.server, port: options.port ?? app.config.port, settings: app.config.http, platform: 'dingtalk' }, DINGTALK_PATH, handler, log);
    log.info('dingtalk callback mounted', { path: DINGTALK_PATH });
    return { bot, platform, conversations, callbackUrl: route.url, connected: () => true, stop: () => route.close() };
  }
  const client = new DWClient({ clientId: settings.appKey, clientSecret: settings.appSecret });
  subscribeStream(client, bot, conversations, log);
  await client.connect();
  log.info('dingtalk stream connected');
  return { bot, platform, conversations, connected: () => client.connected, stop: async () => client.disconnect() };
}
