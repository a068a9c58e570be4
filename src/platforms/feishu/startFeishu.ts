import * as lark from '@larksuiteoapi/node-sdk';
import type { App } from '../../app';
import { Bot } from '../../bot/bot';
import type { Logger } from '../../logger';
import type { FeishuSettings } from '../../config';
import { createFeishuClient, sdkLogger } from './client';
import { createEventDispatcher } from './events';
import { FeishuPlatform } from './feishuPlatform';
import { createWebhookHandler, WEBHOOK_PATH } from './webhookServer';
import { serveRoute } from '../httpServer';

/** The bot's own open_id, to tell "@bot" from other mentions in groups. */
export async function fetchBotOpenId(client: lark.Client, log: Logger): Promise<string | null> {
  try {
    const response = await client.request<{ code?: number; bot?: { open_id?: string } }>({ method: 'GET', url: '/open-apis/bot/v3/info' });
    return response?.code === 0 ? response.bot?.open_id ?? null : null;
  } catch (error) {
    log.warn('could not read bot info; any @-mention in a group will count as @bot', { error: String(error) });
    return null;
  }
}

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
  options: { cache?: lark.Cache; port?: number } = {},
): Promise<FeishuRuntime> {
  const client = createFeishuClient(settings, options.cache, log);
  const platform = new FeishuPlatform(client, log);
  const bot = new Bot(app, platform, log);
  const botOpenId: string | null = await fetchBotOpenId(client, log);
  const dispatcher = createEventDispatcher({ encryptKey: settings.encryptKey, bot, botOpenId: () => botOpenId, log });

  if (settings.eventMode === 'webhook') {
    const port = options.port ?? app.config.port;
    const handler = createWebhookHandler({ dispatcher, encryptKey: settings.encryptKey, verificationToken: settings.verificationToken, log });
    const route = await serveRoute(port, WEBHOOK_PATH, handler);
    log.info('feishu webhook listening', { url: route.url });
    return {
      bot, platform, dispatcher, webhookUrl: route.url,
      stop: async () => {
        await route.close();
      },
    };
  }

  const ws = new lark.WSClient({ appId: settings.appId, appSecret: settings.appSecret, domain: settings.domain, loggerLevel: lark.LoggerLevel.info, logger: sdkLogger(log) });
  await ws.start({ eventDispatcher: dispatcher });
  log.info('feishu long connection started');
  return {
    bot, platform, dispatcher,
    stop: async () => ws.close({ force: true }),
  };
}
