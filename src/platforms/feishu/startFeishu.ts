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
import { serveRoute } from '../httpServer';

export interface FeishuRuntime {
  bot: Bot;
  platform: FeishuPlatform;
  dispatcher: lark.EventDispatcher;
  /** Webhook mode: where events are served. */
  webhookUrl?: string;
  stop(): Promise<void>;
}

/** Wires the real bot: SDK client, dispatcher, and either the long connection or the webhook server. */
export async function startFeishu(
  app: App,
  settings: FeishuSettings,
  log: Logger,
  options: { cache?: lark.Cache; port?: number; botInfoRetryMs?: number } = {},
): Promise<FeishuRuntime> {
  const client = createFeishuClient(settings, options.cache, log);
  const platform = new FeishuPlatform(client, log);
  const bot = new Bot(app, platform, log);
  const identity = new BotIdentity(client, log, options.botInfoRetryMs);
  await identity.start();
  const dispatcher = createEventDispatcher({ encryptKey: settings.encryptKey, bot, botOpenId: () => identity.openId, log });

  if (settings.eventMode === 'webhook') {
    const port = options.port ?? app.config.port;
    const handler = createWebhookHandler({ dispatcher, encryptKey: settings.encryptKey, verificationToken: settings.verificationToken, log });
    const route = await serveRoute(port, WEBHOOK_PATH, handler);
    log.info('feishu webhook listening', { url: route.url });
    return {
      bot, platform, dispatcher, webhookUrl: route.url,
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
    stop: async () => {
      identity.stop();
      await ws.close({ force: true });
    },
  };
}
