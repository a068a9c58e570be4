import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedPath } from './helpers/seeds';

const root = path.join(__dirname, '..');

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cli parse --json: the contract other tools read', () => {
  test('prints exactly one JSON array with the agreed fields and nothing else', () => {
    const { code, stdout } = cli(['parse', seedPath('000_'), '--year', '2022', '--json']);
    expect(code).toBe(0);
    const items = JSON.parse(stdout);
    expect(items).toHaveLength(69);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(
        ['category', 'deadline', 'deadlineText', 'department', 'leaders', 'needsReview', 'reviewReasons', 'seq', 'text'],
      );
      expect(typeof item.seq).toBe('number');
      expect(item.deadline === null || /^\d{4}-\d{2}-\d{2}$/.test(item.deadline)).toBe(true);
    }
    expect(items[2]).toMatchObject({ department: '市委政法委', seq: 3, leaders: ['俞文胜', '李红英'], needsReview: false });
  });

  test('a file that is not UTF-8 text is refused with a clear message, not read as mojibake', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-gbk-')), 'list.txt');
    fs.writeFileSync(file, Buffer.from([0xca, 0xd0, 0xce, 0xaf, 0xd5, 0xfe, 0xb7, 0xa8, 0xce, 0xaf, 0x0a, 0xd0, 0xf2, 0xba, 0xc5])); // 市委政法委 序号 in GBK
    const { code, stdout, stderr } = cli(['parse', file, '--year', '2022']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/不是 UTF-8 文本：若是 GBK 编码，请另存为 UTF-8/);
  });

  test('missing year and missing file are clear errors on stderr', () => {
    const noYear = cli(['parse', seedPath('000_'), '--json']);
    expect(noYear.code).not.toBe(0);
    expect(noYear.stdout).toBe('');
    expect(noYear.stderr).toMatch(/--year/);
    const noFile = cli(['parse', 'nope.txt', '--year', '2022', '--json']);
    expect(noFile.stderr).toMatch(/找不到文件 nope.txt/);
  });
});

describe('cli import / export / leader bind on the embedded database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-cli-'));
  const env = { DATA_DIR: dataDir, DATABASE_URL: '' };

  test('import is idempotent, export writes a spreadsheet, leaders can be bound', () => {
    const first = cli(['import', seedPath('000_'), '--year', '2022', '--campaign', 'c000'], env);
    expect(first.stdout).toMatch(/新增 69 项/);
    // The summary counts what needs review and says how to settle it.
    expect(first.stdout).toContain('本批次有 27 项需核对');
    expect(first.stdout).toContain('npm run cli -- export c000 --xlsx 核对.xlsx');
    expect(first.stdout).toContain('npm run cli -- import 核对.xlsx');
    const again = cli(['import', seedPath('000_'), '--year', '2022', '--campaign', 'c000'], env);
    expect(again.stdout).toMatch(/新增 0 项，更新 0 项，未变 69 项/);
    const out = path.join(dataDir, 'out.xlsx');
    expect(cli(['export', 'c000', '--xlsx', out], env).stdout).toMatch(/已导出 69 项/);
    expect(cli(['import', out], env).stdout).toMatch(/未变 69 项/);
    expect(cli(['leader', 'bind', '童安胜', '--feishu', 'ou_tong'], env).stdout).toMatch(/已绑定 童安胜/);
    const bad = cli(['leader', 'bind', '童安胜', '--feishu', 'not-an-id'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/不是飞书 open_id/);
    expect(cli(['leader', 'list'], env).stdout).toMatch(/童安胜\t市委政法委\t飞书:ou_tong/);
    expect(cli(['department', 'alias', '发改', '发展改革委'], env).stdout).toMatch(/市发改局 增加别名/);
    // The same department lookup as chat's: an unknown one is a usage error, not a crash.
    const unknown = cli(['leader', 'department', '童安胜', '不存在的局'], env);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/^错误：找不到部门“不存在的局”/)]);
    // Binding the same account to a second leader is refused, as in chat.
    const taken = cli(['leader', 'bind', '俞文胜', '--feishu', 'ou_tong'], env);
    expect([taken.code, taken.stderr]).toEqual([2, expect.stringContaining('该账号已绑定给“童安胜”')]);
  }, 120_000);

  test('run-job runs one scheduled job now on the BOT_NOW clock', () => {
    const jobEnv = { ...env, BOT_NOW: '2022-12-28T09:00:00+08:00', ADMIN_OPEN_IDS: 'ou_admin' };
    const reminders = cli(['run-job', 'reminders'], jobEnv);
    expect(reminders.stdout).toMatch(/^2022-12-28 提醒：涉及 \d+ 项，新排入 [1-9]\d* 条消息/);
    expect(cli(['run-job', 'reminders'], jobEnv).stdout).toMatch(/新排入 0 条消息/);
    expect(cli(['run-job', 'reminders', '--day', '2022-12-31'], jobEnv).stdout).toContain('2022-12-31 不是工作日，不发提醒');
    const delivered = cli(['run-job', 'deliver'], jobEnv);
    expect(delivered.stdout).toContain('【督办提醒');
    expect(delivered.stdout).toMatch(/发送 [1-9]\d* 条，稍后重试 0 条，失败 0 条/);
    expect(cli(['run-job', 'nonsense'], jobEnv).stderr).toContain('用法：run-job');
  }, 120_000);
});

test('a configuration with several mistakes: one 配置错误 line for each, and nothing runs', () => {
  const { code, stdout, stderr } = cli(['campaigns'], { PORT: '0', LOG_LEVEL: 'loud' });
  expect(code).toBe(2);
  expect(stdout).toBe('');
  const lines = stderr.trim().split('\n');
  expect(lines).toEqual([expect.stringMatching(/^配置错误：PORT /), expect.stringMatching(/^配置错误：LOG_LEVEL /)]);
});
