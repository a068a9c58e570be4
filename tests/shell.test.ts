import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '..');

function start(input: string, args: string[] = [], env: Record<string, string> = {}) {
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'duban-shell-'));
  const result = spawnSync('npm', ['start', '--silent', '--', ...args], {
    cwd: root, input, encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', FEISHU_APP_ID: '', FEISHU_APP_SECRET: '', BOT_NOW: '2022-11-20T09:00:00+08:00', ...env, DATA_DIR: dataDir },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, dataDir };
}

describe('npm start without Feishu credentials: the local shell', () => {
  test('reads commands from a pipe on the embedded database, loaded with the seed list', () => {
    const { code, stdout } = start('/status 市发改局\n');
    expect(code).toBe(0);
    expect(stdout).toContain('【市发改局 承诺事项】');
    expect(stdout).toContain('共 13 项');
    expect(stdout).toContain('完善充电基础设施建设，新增公用充电桩240个以上。');
  }, 60_000);

  test('acts as a chosen user, and what it does persists in ./data', () => {
    const first = start('/mine\n/进展 4 50% 已排查一半\n', ['--as', '童安胜']);
    expect(first.stdout).toContain('童安胜 负责的事项');
    expect(first.stdout).toContain('已记录进展：50%');
    const again = start('/show 4\n', [], { DATA_DIR: first.dataDir });
    expect(again.stdout).toContain('报送进展 50%：已排查一半');
  }, 60_000);

  test('npm start --as 姓名 (npm keeps the flag, passes the name) runs as that leader; an unknown name is refused with close matches', () => {
    const result = spawnSync('npm', ['start', '--silent', '--as', '童安胜'], {
      cwd: root, input: '/mine\n', encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', FEISHU_APP_ID: '', FEISHU_APP_SECRET: '', BOT_NOW: '2022-11-20T09:00:00+08:00', DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'duban-shell-')) },
    });
    expect(result.stdout).toContain('童安胜 负责的事项');
    const unknown = start('/mine\n', ['--as', '童安生']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('没有名为“童安生”的责任领导，未启动。是否是：童安胜');
    expect(unknown.stdout).not.toContain('督查室>');
    const office = start('/mine\n');
    expect(office.stderr).toContain('本地会话以督查室（管理员）身份运行');
  }, 120_000);

  test('a bad setting stops it with one line naming the variable', () => {
    const { code, stderr, stdout } = start('', [], { BOT_NOW: 'next tuesday' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n').filter((l) => !l.startsWith('npm warn'))).toEqual([expect.stringMatching(/^配置错误：BOT_NOW/)]);
    expect(stdout).not.toContain('承诺事项');
  }, 60_000);
});
