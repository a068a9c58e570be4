import * as lark from '@larksuiteoapi/node-sdk';
import type { App } from '../../app';
import { Bot } from '../../bot/bot';
import type { Logger } from '../../logger';
import type { FeishuSettings } from '../../config';
import { BotIdentity } from './botIdentity';
import { createFeishuClient, sdkLogger } from './client';
import { createEventDispatcher } from './events';
import { FeishuPlatform } from './feishuPlatform';
import { createWebhookHandler, WEBHOOK_PATH } from './webhookServer';
import { HttpServer, mountCallback } from '../../server/httpServer';

export interface FeishuRuntime {
  bot: Bot;
  platform: FeishuPlatform;
  dispatcher: lark.EventDispatcher;
  /** Webhook mode: where events are served. */
  webhookUrl?: string;
  /** The long connection is up (always true for the webhook). */
  connected(): boolean;
  stop(): Promise<void>;
}

/** Wires the real bot: SDK client, dispatcher, and either the long connection or the webhook server. */
export async function startFeishu(
  app: App,
  settings: FeishuSettings,
  log: Logger,
  options: { cache?: lark.Cache; port?: number; server?: HttpServer; botInfoRetryMs?: number; answerWithinMs?: number } = {},
): Promise<FeishuRuntime> {
  const client = createFeishuClient(settings, options.cache, log);
  const platform = new FeishuPlatform(client, log);
  const bot = new Bot(app, platform, log);
  const identity = new BotIdentity(client, log, options.botInfoRetryMs);
  await identity.start();
  const dispatcher = createEventDispatcher({ encryptKey: settings.encryptKey, bot, botOpenId: () => identity.openId, log, answerWithinMs: options.answerWithinMs });

  if (settings.eventMode === 'webhook') {
    const handler = createWebhookHandler({ dispatcher, encryptKey: settings.encryptKey, verificationToken: settings.verificationToken, log });
    const route = await mountCallback({ server: options.server, port: options.port ?? app.config.port, settings: app.config.http, platform: 'feishu' }, WEBHOOK_PATH, handler, log);
    log.info('feishu webhook mounted', { path: WEBHOOK_PATH });
    return {
      bot, platform, dispatcher, webhookUrl: route.url,
      connected: () => true,
      stop: async () => {
        identity.stop();
        await route.close();
      },
    };
  }

  const ws = new lark.WSClient({ appId: settings.appId, appSecret: settings.appSecret, domain: settings.domain, loggerLevel: lark.LoggerLevel.info, logger: sdkLogger(log) });
  await ws.start({ eventDispatcher: dispatcher });
  log.info('feishu long connection started');
  return {
    bot, platform, dispatcher,
    connected: () => ws.getConnectionStatus().state === 'connected',
    stop: async () => {
      identity.stop();
      await ws.close({ force: true });
    },
  };
}
