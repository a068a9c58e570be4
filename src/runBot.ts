import { startScheduler } from '../jobs/scheduler';
import type { App } from './app';
import type { Bot } from './bot/bot';
import type { Logger } from './logger';
import { startDingTalk } from './platforms/dingtalk/startDingTalk';
import { startFeishu } from './platforms/feishu/startFeishu';
import type { ChatPlatform } from './platforms/platform';
import { createHttpServer } from './server/httpServer';
import { registerRoutes } from './server/routes';
import { consoleRoutes } from './console/startConsole';

export interface RunningBot {
  url: string;
  /** Stops within `graceMs`; true when everything in flight finished in time. */
  stop(graceMs: number): Promise<boolean>;
}

interface PlatformRuntime {
  bot: Bot;
  platform: ChatPlatform;
  connected(): boolean;
  stop(): Promise<void>;
}

/** The real bot: the chat platforms, the HTTP server on PORT and the scheduled work. */
export async function runBot(app: App, log: Logger): Promise<RunningBot> {
  const { config } = app;
  const server = createHttpServer(config.http, log);
  const runtimes: PlatformRuntime[] = [];
  if (config.feishu) runtimes.push(await startFeishu(app, config.feishu, log, { server }));
  if (config.dingtalk) runtimes.push(await startDingTalk(app, config.dingtalk, log, { server }));
  registerRoutes(server, { app, platformsConnected: () => runtimes.every((r) => r.connected()) });
  server.plugin(consoleRoutes(app));
  const url = await server.listen(config.port);
  const platforms = Object.fromEntries(runtimes.map((r) => [r.platform.name, r.platform]));
  const scheduler = startScheduler(app, platforms, log);
  log.info('duban is running', { platforms: Object.keys(platforms), url });
  const resuming = resumeUnfinishedEvery(60_000, runtimes, log);

  return {
    url,
    /**
     * New events get 503 (the platform delivers them again) and the long
     * connections close; handling in flight and the delivery batch finish
     * within the grace period, unsent claimed messages are handed back, then
     * the server and the database close.
     */
    async stop(graceMs) {
      const deadline = Date.now() + graceMs;
      clearInterval(resuming);
      server.drain();
      await Promise.all(runtimes.map((r) => r.stop().catch((error) => log.warn('platform did not stop cleanly', { platform: r.platform.name, error: String(error) }))));
      const [, ...handled] = await Promise.all([scheduler.stop(deadline), ...runtimes.map((r) => r.bot.inFlight.settled(deadline))]);
      const finished = handled.every(Boolean);
      if (!finished) log.warn('shutdown grace ran out with messages still being handled', { graceMs });
      const closing = server.close();
      const forced = setTimeout(() => server.fastify.server.closeAllConnections(), Math.max(0, deadline - Date.now()));
      await closing;
      clearTimeout(forced);
      await app.db.destroy();
      return finished;
    },
  };
}

/** Messages recorded by a process that died before handling them are handled by a live one. */
function resumeUnfinishedEvery(ms: number, runtimes: PlatformRuntime[], log: Logger): NodeJS.Timeout {
  const resume = () => {
    for (const { bot, platform } of runtimes) {
      bot.resumeUnfinished().then(
        (count) => count && log.warn('handled messages a stopped process had left', { platform: platform.name, count }),
        (error) => log.warn('could not resume unfinished messages', { platform: platform.name, error: String(error) }),
      );
    }
  };
  resume();
  const timer = setInterval(resume, ms);
  timer.unref();
  return timer;
}
