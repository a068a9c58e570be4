import { openApp } from './app';
import { Bot } from './bot/bot';
import { ConfigError, loadConfig } from './config';
import { SHELL_ADMIN } from './domain/permissions';
import { createLogger } from './logger';
import { runShell } from './platforms/shell/repl';
import { AS_USAGE, requestedName, shellIdentity } from './platforms/shell/identity';
import { ShellPlatform } from './platforms/shell/shellPlatform';
import { seedIfEmpty } from './register/seedRegister';
import { RunningBot, runBot } from './runBot';
import { startLocalConsole } from './console/localConsole';

/** SIGTERM or SIGINT: stop gracefully and exit 0; a second signal exits at once. */
function stopOnSignals(running: RunningBot, graceMs: number, log: ReturnType<typeof createLogger>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn('second signal: exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    log.info('shutting down', { signal, graceSeconds: graceMs / 1000 });
    running.stop(graceMs).then(
      (finished) => {
        log.info('stopped', { finished });
        process.exit(0);
      },
      (error) => {
        log.error('shutdown failed', { error: String((error as Error).stack ?? error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const app = await openApp(config);
  if (await seedIfEmpty(app.db, app.clock)) log.info('loaded the seed register', { file: 'seeds/000' });

  if (config.feishu || config.dingtalk) {
    const running = await runBot(app, log);
    stopOnSignals(running, config.shutdownGraceSeconds * 1000, log);
    return;
  }

  const leaderNames = (await app.db.selectFrom('leaders').select('name').execute()).map((l) => l.name);
  const identity = shellIdentity(requestedName(process.argv.slice(2), process.env), leaderNames);
  if (!identity.ok) {
    await app.db.destroy();
    process.stderr.write(`${identity.message}\n`);
    process.exit(2);
  }
  const as = identity.name;
  const interactive = Boolean(process.stdin.isTTY);
  const write = (text: string) => process.stdout.write(`${text}\n`);
  const bot = new Bot(app, new ShellPlatform(write), log);
  // Never the office without saying so: on stderr, so that a pipe's output stays the replies.
  if (identity.how === 'default') process.stderr.write(`本地会话以${SHELL_ADMIN}（管理员）身份运行；以责任领导身份进入：${AS_USAGE}\n`);
  const closeConsole = await startLocalConsole(app, (text) => process.stderr.write(`${text}\n`));
  if (interactive) {
    write(`督办 · 本地会话（未配置飞书凭证）。当前身份：${as}。输入 /帮助 查看命令，exit 退出。`);
  }
  await runShell(bot, { actor: { platform: 'shell', id: as, name: as }, input: process.stdin, write, interactive });
  await closeConsole();
  await app.db.destroy();
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) process.stderr.write(`配置错误：${problem}\n`);
  } else {
    process.stderr.write(`启动失败：${(error as Error).message}\n`);
  }
  process.exit(1);
});
