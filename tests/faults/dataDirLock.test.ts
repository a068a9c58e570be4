import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Two processes on one embedded data directory would corrupt it. Each process
 * here runs in its own pid namespace (both are pid 1 there), as two containers
 * sharing a volume are: only a lock the kernel enforces tells them apart.
 */
// Each step starts a process; on a loaded machine that takes a while.
jest.setTimeout(300_000);

const root = path.join(__dirname, '..', '..');
const fixture = path.join(root, 'tests/fixtures/dataDirUser.ts');
const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
delete env.DATABASE_URL;

function command(mode: 'hold' | 'open', dataDir: string, namespaced: boolean): [string, string[]] {
  const node = [process.execPath, '--import', 'tsx', fixture, mode, dataDir];
  return namespaced ? ['unshare', ['--pid', '--fork', '--kill-child', '--mount-proc', ...node]] : [node[0], node.slice(1)];
}

function open(dataDir: string, namespaced = true): { status: number | null; output: string } {
  const [cmd, args] = command('open', dataDir, namespaced);
  const result = spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: result.stdout + result.stderr };
}

async function hold(dataDir: string, namespaced = true): Promise<ChildProcess> {
  const [cmd, args] = command('hold', dataDir, namespaced);
  const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (d) => {
      output += d;
      if (output.includes('holding')) resolve();
    });
    child.stderr!.on('data', (d) => (output += d));
    child.on('exit', (code) => reject(new Error(`holder exited ${code}: ${output}`)));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('the embedded data directory lock', () => {
  test('a process in another pid namespace is refused with a clear message, and cannot remove the holder’s lock', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-lock-'));
    const holder = await hold(dataDir);
    try {
      const second = open(dataDir);
      expect(second.status).toBe(3);
      expect(second.output).toContain(`数据目录 ${dataDir} 正被另一个进程使用`);
      expect(second.output).toContain('DATA_DIR');
      // The refused process left the holder's lock in place: a third one is refused too.
      expect(fs.existsSync(path.join(dataDir, 'duban.lock'))).toBe(true);
      expect(open(dataDir, false).status).toBe(3);
      // The CLI, from yet another namespace, says so in one line and leaves the lock alone.
      const cli = spawnSync('unshare', ['--pid', '--fork', '--kill-child', '--mount-proc', process.execPath, '--import', 'tsx', 'src/cli/index.ts', 'export', 'yk-2022-03', '--xlsx', path.join(dataDir, 'x.xlsx')],
        { cwd: root, env: { ...env, DATA_DIR: dataDir }, encoding: 'utf8', timeout: 120_000 });
      expect(cli.status).toBe(2);
      expect(cli.stderr.trim()).toMatch(/^错误：数据目录 .+ 正被另一个进程使用[^\n]*$/);
      expect(open(dataDir).status).toBe(3);
    } finally {
      await stop(holder);
    }
    // The kernel released the lock with the holder; a stale lock file does not block.
    const after = open(dataDir);
    expect(after.output).toContain('opened');
    expect(after.status).toBe(0);
  });
});
