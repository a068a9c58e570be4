import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.join(__dirname, '..', '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-shell-loop-'));

function run(command: 'start' | 'cli', input: string, args: string[], now: string) {
  const npmArgs = command === 'start' ? ['start', '--silent', '--', ...args] : ['run', '--silent', 'cli', '--', ...args];
  const result = spawnSync('npm', npmArgs, {
    cwd: root, input, encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', FEISHU_APP_ID: '', FEISHU_APP_SECRET: '', BOT_NOW: now, DATA_DIR: dataDir },
  });
  return result.stdout;
}

test('the shell: a leader reports 市委政法委 #4 done late, the office reviews and approves it: 逾期办结（5天）', () => {
  const reported = run('start', '/完成 4 排摸率97%\n/approve 4\n', ['--as', '童安胜'], '2022-11-20T09:00:00+08:00');
  expect(reported).toContain('已报送办结，等待督查室审核');
  expect(reported).toContain('只有督查室可以审核销号');
  const office = run('start', '/审核\n/销号 4 佐证齐全\n/status 市委政法委\n', [], '2022-11-21T09:00:00+08:00');
  expect(office).toMatch(/待审核办结 1/);
  expect(office).toContain('审核通过，已办结销号');
  expect(office).toContain('逾期办结（5天）');
  expect(office).toContain('已办结 1（按时 0 · 逾期 1）');
  const [item] = JSON.parse(run('cli', '', ['items', '--department', '市委政法委', '--json'], '2022-11-21T09:00:00+08:00')).filter((i: { seq: number }) => i.seq === 4);
  // The shell's clock starts at BOT_NOW and then moves with real time.
  expect(item).toMatchObject({ state: '已办结', late: true, reportedDoneAt: expect.stringMatching(/^2022-11-20T01:0/), approvedAt: expect.stringMatching(/^2022-11-21T01:0/) });
}, 180_000);
