import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedPath } from '../helpers/seeds';

const root = path.join(__dirname, '..', '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-items-'));
const env = { DATA_DIR: dataDir, DATABASE_URL: '', BOT_NOW: '2022-11-20T09:00:00+08:00' };

function cli(args: string[]) {
  const result = spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const FIELDS = ['acknowledgedAt', 'approvedAt', 'campaign', 'coDepartments', 'deadline', 'department', 'id', 'late', 'leaders', 'originalDeadline',
  'pendingExtension', 'progress', 'reportedDoneAt', 'seq', 'source', 'state', 'text'].sort();

test('items --json: one array of exactly the contract fields, nothing else on stdout; bad filters are errors on stderr', () => {
  expect(cli(['import', seedPath('000_'), '--year', '2022', '--campaign', 'c000']).code).toBe(0);
  const { code, stdout } = cli(['items', '--campaign', 'c000', '--department', '市委政法委', '--json']);
  expect(code).toBe(0);
  const items = JSON.parse(stdout);
  expect(items).toHaveLength(5);
  for (const item of items) expect(Object.keys(item).sort()).toEqual(FIELDS);
  expect(items[3]).toMatchObject({
    campaign: 'c000', department: '市委政法委', seq: 4, state: '办理中', deadline: '2022-11-15', originalDeadline: null,
    leaders: ['童安胜', '吕震河'], coDepartments: [], source: '公开承诺', progress: null,
    acknowledgedAt: null, reportedDoneAt: null, approvedAt: null, late: true, pendingExtension: null,
  });
  expect(items[0]).toMatchObject({ seq: 1, late: false });

  const unknown = cli(['items', '--department', '不存在的局', '--json']);
  expect(unknown.code).not.toBe(0);
  expect(unknown.stdout).toBe('');
  expect(unknown.stderr).toContain('没有部门“不存在的局”');
  expect(cli(['items', '--campaign', 'nope', '--json']).stderr).toContain('没有批次“nope”');
  expect(cli(['items']).stderr).toContain('用法：items');
}, 180_000);
