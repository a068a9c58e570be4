import { openApp } from './app';
import { Bot } from './bot/bot';
import { ConfigError, loadConfig } from './config';
import { SHELL_ADMIN } from './domain/permissions';
import { createLogger } from './logger';
import { runShell } from './platforms/shell/repl';
import { ShellPlatform } from './platforms/shell/shellPlatform';
import { seedIfEmpty } from './register/seedRegister';
import { startFeishu } from './platforms/feishu/startFeishu';
import { startDingTalk } from './platforms/dingtalk/startDingTalk';
import type { ChatPlatform } from './platforms/platform';
import { startScheduler } from '../jobs/scheduler';
import { createHttpServer } from './server/httpServer';
import { registerRoutes } from './server/routes';

function optionValue(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const app = await openApp(config);
  if (await seedIfEmpty(app.db, app.clock)) log.info('loaded the seed register', { file: 'seeds/000' });

  if (config.feishu || config.dingtalk) {
    const server = createHttpServer(config.http, log);
    const platforms: Record<string, ChatPlatform> = {};
    const runtimes: { connected(): boolean }[] = [];
    if (config.feishu) {
      const feishu = await startFeishu(app, config.feishu, log, { server });
      platforms.feishu = feishu.platform;
      runtimes.push(feishu);
    }
    if (config.dingtalk) {
      const dingtalk = await startDingTalk(app, config.dingtalk, log, { server });
      platforms.dingtalk = dingtalk.platform;
      runtimes.push(dingtalk);
    }
    registerRoutes(server, { app, platformsConnected: () => runtimes.every((r) => r.connected()) });
    const url = await server.listen(config.port);
    startScheduler(app, platforms, log);
    log.info('duban is running', { platforms: Object.keys(platforms), url });
    return;
  }

  const as = optionValue(process.argv.slice(2), '--as') ?? SHELL_ADMIN;
  const interactive = Boolean(process.stdin.isTTY);
  const write = (text: string) => process.stdout.write(`${text}\n`);
  const bot = new Bot(app, new ShellPlatform(write), log);
  if (interactive) {
    write(`督办 · 本地会话（未配置飞书凭证）。当前身份：${as}。输入 /帮助 查看命令，exit 退出。`);
  }
  await runShell(bot, { actor: { platform: 'shell', id: as, name: as }, input: process.stdin, write, interactive });
  await app.db.destroy();
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`配置错误：${error.message}\n`);
  } else {
    process.stderr.write(`启动失败：${(error as Error).message}\n`);
  }
  process.exit(1);
});
