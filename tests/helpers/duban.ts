import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `npm start` as a person runs it, on a fresh embedded database (the seed
 * register), with stdin held open so the shell waits; resolves with the
 * one-time office link it prints.
 */
export interface RunningDuban {
  env: Record<string, string>;
  officeLink: string;
  baseUrl: string;
  /** `npm run cli -- …` against the same data directory. */
  cli(args: string[]): string;
  stop(): Promise<void>;
}

export async function startDuban(extraEnv: Record<string, string> = {}): Promise<RunningDuban> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-browser-'));
  const port = await freePort();
  const env: Record<string, string> = { ...(process.env as Record<string, string>), DATA_DIR: dataDir, PORT: String(port), ...extraEnv };
  delete env.DATABASE_URL;
  delete env.FEISHU_APP_ID;
  delete env.FEISHU_APP_SECRET;
  delete env.DINGTALK_APP_KEY;
  delete env.DINGTALK_APP_SECRET;
  const child: ChildProcess = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/main.ts'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'], detached: false });
  let stderr = '';
  const officeLink = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`duban did not print a sign-in link: ${stderr}`)), 90_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /(http:\/\/\S+\/console\/login\?token=\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`duban exited (${code}): ${stderr}`)));
  });
  child.stdout!.resume();
  return {
    env, officeLink, baseUrl: `http://127.0.0.1:${port}`,
    cli(args) {
      const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/cli/index.ts', ...args], { cwd: ROOT, env, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(result.stderr);
      return result.stdout;
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGTERM');
      child.stdout!.destroy();
      child.stderr!.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
