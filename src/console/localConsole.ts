import Fastify from 'fastify';
import type { App } from '../app';
import { SHELL_ADMIN } from '../domain/permissions';
import { signInLink } from './signInLink';
import { consoleRoutes } from './startConsole';

/**
 * Local use (no platform credentials): the console on loopback beside the
 * shell, and a one-time sign-in link for the office on stderr, so piped
 * shell output stays clean. A busy port leaves the shell working.
 */
export async function startLocalConsole(app: App, note: (text: string) => void): Promise<() => Promise<void>> {
  const server = Fastify({ logger: false });
  await server.register(consoleRoutes(app));
  try {
    await server.listen({ port: app.config.port, host: app.config.console.host });
  } catch (error) {
    note(`控制台未启动（${app.config.console.host}:${app.config.port}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}）；可设置 PORT 换一个端口。`);
    await server.close();
    return async () => undefined;
  }
  note(`控制台登录链接（督查室，10分钟内有效，仅可使用一次）：${signInLink(app.config, SHELL_ADMIN)}`);
  return () => server.close();
}
