import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import * as tar from 'tar';
import { openDatabase } from '../db/connection';
import { Bot } from '../src/bot/bot';
import { ManualClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/logger';
import { ShellPlatform } from '../src/platforms/shell/shellPlatform';
import { addEvidence } from '../src/register/changes';
import { storeEvidenceFile } from '../src/register/evidenceFiles';
import { seedIfEmpty } from '../src/register/seedRegister';
import { dropSchema } from '../testkit/db';
import { NOV_20 } from './helpers/harness';
import { registerContents } from './helpers/registerContents';

// The DATABASE_URL path of `backup`/`restore`: the CLI drives pg_dump and pg_restore.
const databaseUrl = process.env.DATABASE_URL;
const onPostgres = databaseUrl ? test : test.skip;
const root = path.join(__dirname, '..');
const office = { platform: 'shell' as const, id: '督查室', name: '督查室' };
const chat = { platform: 'shell' as const, id: 'shell', type: 'p2p' as const };

/** The CLI as an operator runs it, with `env` on top of ours (PATH included, so the tools can be hidden). */
function cli(args: string[], env: Record<string, string>) {
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const result = spawnSync(process.execPath, [tsx, 'src/cli/index.ts', ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A URL whose connections run in `schema`, as an operator sharing a database would write it. */
function inSchema(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

onPostgres('PostgreSQL: backup, wipe the schema and the files, restore — every item, log entry and evidence file is back, and nothing else is touched', async () => {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const neighbour = `${schema}_n`;
  const url = inSchema(databaseUrl!, schema);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-pgbackup-data-'));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-pgbackup-out-')), 'duban.tar');
  const env = { DATABASE_URL: url, DATA_DIR: dataDir };
  // The neighbour is another application on the same database, migrated by Kysely too.
  await query(databaseUrl!, `create schema ${schema}; create schema ${neighbour};
    create table ${neighbour}.kysely_migration (name varchar(255) primary key, timestamp varchar(255) not null);
    create table ${neighbour}.other_app (note text); insert into ${neighbour}.other_app values ('另一个系统的数据')`);
  try {
    const clock = new ManualClock(NOV_20);
    let db = await openDatabase({ databaseUrl: url, dataDir });
    await seedIfEmpty(db, clock);
    const bot = new Bot({ config: loadConfig({ DATA_DIR: dataDir }), db, clock }, new ShellPlatform(() => undefined), silentLogger);
    await bot.runText(office, chat, '/进展 4 60% 已排查企业200家');
    await bot.runText(office, chat, '/完成 5 已完成');
    for (const [i, name] of ['排查台账.xlsx', '现场照片.png'].entries()) {
      const stored = storeEvidenceFile(dataDir, Buffer.from(`evidence file ${i} ${'x'.repeat(1000 * (i + 1))}`), name);
      await addEvidence(db, office, clock.now(), 4, { kind: 'file', content: null, fileName: name, ...stored });
    }
    const before = await registerContents(db, dataDir);
    expect(before.log.length).toBeGreaterThan(0);
    expect(before.files).toHaveLength(2);
    await db.destroy();

    const backup = cli(['backup', file], env);
    expect(backup.stderr).toBe('');
    expect(backup.stdout).toContain(`PostgreSQL 模式 ${schema}，佐证文件 2 个`);
    expect(backup.code).toBe(0);

    await dropSchema(databaseUrl!, schema);
    fs.rmSync(dataDir, { recursive: true, force: true });

    const restore = cli(['restore', file], env);
    expect(restore.stderr).toBe('');
    expect(restore.stdout).toContain('佐证文件 2 个');
    expect(restore.code).toBe(0);

    db = await openDatabase({ databaseUrl: url, dataDir });
    try {
      expect(await registerContents(db, dataDir)).toEqual(before);
    } finally {
      await db.destroy();
    }
    expect(await query(databaseUrl!, `select note from ${neighbour}.other_app`)).toEqual([{ note: '另一个系统的数据' }]);

    // Without the client tools the operator is told what to install, not shown a stack trace.
    const noTools = cli(['backup', `${file}.2`], { ...env, PATH: fs.mkdtempSync(path.join(os.tmpdir(), 'duban-empty-path-')) });
    expect(noTools.code).toBe(2);
    expect(noTools.stderr).toMatch(/^错误：找不到 pg_dump：.*postgresql-client/);
    expect(noTools.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(`${file}.2`)).toBe(false);
  } finally {
    await dropSchema(databaseUrl!, schema);
    await dropSchema(databaseUrl!, neighbour);
  }
}, 600_000);

test('restoring a PostgreSQL backup without pg_restore installed: a clear Chinese message, nothing changed', async () => {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-pgbackup-fake-'));
  fs.mkdirSync(path.join(stage, 'database'));
  fs.writeFileSync(path.join(stage, 'manifest.json'), JSON.stringify({ format: 'duban-backup-1', createdAt: '2022-11-20T01:00:00.000Z', database: 'postgres', schema: 'public', evidenceFiles: 0 }));
  fs.writeFileSync(path.join(stage, 'database', 'postgres.dump'), 'PGDMP');
  const file = path.join(stage, 'duban.tar');
  await tar.c({ file, cwd: stage, portable: true }, ['manifest.json', 'database']);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-pgbackup-data-'));

  const result = cli(['restore', file], {
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', DATA_DIR: dataDir, PATH: fs.mkdtempSync(path.join(os.tmpdir(), 'duban-empty-path-')),
  });
  expect(result.stderr).toMatch(/^错误：找不到 pg_restore：设置了 DATABASE_URL 时，备份与恢复要用 PostgreSQL 客户端工具。请安装与数据库服务器主版本相同的 postgresql-client/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.code).toBe(2);
  expect(fs.readdirSync(dataDir)).toEqual([]);
}, 120_000);
