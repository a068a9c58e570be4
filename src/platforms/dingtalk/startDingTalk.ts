import { DWClient, TOPIC_CARD, TOPIC_ROBOT } from 'dingtalk-stream';
import type { App } from '../../app';
import { Bot } from '../../bot/bot';
import type { DingTalkSettings } from '../../config';
import type { Logger } from '../../logger';
import { HttpServer, mountCallback } from '../../server/httpServer';
import { DingTalkApi } from './api';
import { answerCardCallback, CardCallbackResponse, DingTalkCardCallback, isCardCallback } from './cardCallback';
import { DingTalkPlatform } from './dingtalkPlatform';
import { acceptDingTalkMessage, DingTalkMessage, receiveDingTalkMessage } from './events';
import { createDingTalkHandler, DINGTALK_PATH } from './httpCallback';

export interface DingTalkRuntime {
  bot: Bot;
  platform: DingTalkPlatform;
  callbackUrl?: string;
  /** The stream is up (always true for the HTTP callback). */
  connected(): boolean;
  stop(): Promise<void>;
}

/**
 * Subscribes a dingtalk-stream client to robot messages. A frame is
 * acknowledged once the message is recorded; one that could not be recorded
 * is left unacknowledged, and DingTalk pushes it again within a minute.
 */
export function connectStream(client: DWClient, onMessage: (message: DingTalkMessage) => Promise<void>, log: Logger): void {
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
    onMessage(message).then(ack, (error) => log.error('dingtalk message not recorded', { error: String(error) }));
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

export async function startDingTalk(app: App, settings: DingTalkSettings, log: Logger, options: { port?: number; server?: HttpServer } = {}): Promise<DingTalkRuntime> {
  const platform = new DingTalkPlatform(new DingTalkApi(settings), log, undefined, settings.eventMode === 'http' ? 'HTTP' : 'STREAM');
  const bot = new Bot(app, platform, log);
  const onMessage = (message: DingTalkMessage) => receiveDingTalkMessage(message, bot, platform);
  const onCardCallback = (callback: DingTalkCardCallback, deliveryId?: string) => answerCardCallback(callback, bot, deliveryId);

  if (settings.eventMode === 'http') {
    const accept = (message: DingTalkMessage) => acceptDingTalkMessage(message, bot, platform);
    const handler = createDingTalkHandler({ appSecret: settings.appSecret, onMessage: accept, onCardCallback, log });
    const route = await mountCallback({ server: options.server, port: options.port ?? app.config.port, settings: app.config.http, platform: 'dingtalk' }, DINGTALK_PATH, handler, log);
    log.info('dingtalk callback mounted', { path: DINGTALK_PATH });
    return { bot, platform, callbackUrl: route.url, connected: () => true, stop: () => route.close() };
  }
  const client = new DWClient({ clientId: settings.appKey, clientSecret: settings.appSecret });
  connectStream(client, onMessage, log);
  connectCardStream(client, onCardCallback, log);
  await client.connect();
  log.info('dingtalk stream connected');
  return { bot, platform, connected: () => client.connected, stop: async () => client.disconnect() };
}
