import type * as lark from '@larksuiteoapi/node-sdk';
import type { App } from '../app';
import type { Clock } from '../clock';

/** What every console route needs. */
export interface ConsoleContext {
  app: App;
  /** Real time, for sign-in links and sessions: BOT_NOW moves the business calendar, not security. */
  wallClock: Clock;
  secret: string;
  /** Where people reach the console; OAuth redirects come back here. */
  baseUrl: string;
  /** The Lark SDK client, when Feishu credentials are set: web sign-in goes through it. */
  feishu?: lark.Client;
}
