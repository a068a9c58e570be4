import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');

/** Every module a source file imports (import, import type, export … from, require, import()), resolved to a repository path where relative. */
function importsOf(file: string, text = fs.readFileSync(file, 'utf8')): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) =>
    fileName.startsWith('.') ? path.relative(ROOT, path.resolve(path.dirname(file), fileName)).split(path.sep).join('/') : fileName);
}

function sourcesUnder(folder: string): string[] {
  return fs.readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(ROOT, folder, name));
}

interface Rule {
  folders: string[];
  forbidden: (target: string) => boolean;
  why: string;
  /** Files allowed to break the rule (repository paths), each with the reason. */
  exceptions?: Record<string, string>;
}

const isKysely = (target: string) => target === 'kysely' || target.startsWith('kysely/');

const RULES: Rule[] = [
  {
    folders: ['commands', 'src/domain'],
    forbidden: (target) => isKysely(target) || target === 'db' || target.startsWith('db/'),
    why: 'commands speak to the register (src/register), and the domain is pure functions over data: no SQL, no database types',
  },
  {
    folders: ['jobs'],
    forbidden: (target) => /^src\/platforms\/(feishu|dingtalk)(\/|$)/.test(target),
    why: 'jobs reach chat platforms through the ChatPlatform interface only',
  },
  {
    folders: ['bench', 'testkit'],
    forbidden: (target) => target === 'tests' || target.startsWith('tests/'),
    why: 'what the bench shares with the tests lives in testkit/',
  },
  {
    folders: ['jobs'],
    forbidden: isKysely,
    why: 'jobs compose register calls (src/register), domain rules and the outbox; the register writes the SQL',
    exceptions: {
      'jobs/outbox.ts': 'the outbox is the delivery queue itself: claiming rows with leases (FOR UPDATE SKIP LOCKED) and counting attempts in SQL',
    },
  },
];

const repoPath = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

function violations(rule: Rule, files: string[], read?: (file: string) => string): string[] {
  return files.filter((file) => !rule.exceptions?.[repoPath(file)]).flatMap((file) => importsOf(file, read?.(file)).filter(rule.forbidden)
    .map((target) => `${path.relative(ROOT, file)} imports ${target}`));
}

describe.each(RULES)('$folders', (rule) => {
  test(`import nothing forbidden: ${rule.why}`, () => {
    const files = rule.folders.flatMap(sourcesUnder);
    expect(files.length).toBeGreaterThan(0);
    expect(violations(rule, files)).toEqual([]);
  });

  test('every exception is still needed', () => {
    for (const file of Object.keys(rule.exceptions ?? {})) {
      expect([file, importsOf(path.join(ROOT, file)).some(rule.forbidden)]).toEqual([file, true]);
    }
  });
});

test('the check sees every form of import', () => {
  const [layers, jobs, shared, jobSql] = RULES;
  const inDomain = path.join(ROOT, 'src/domain/example.ts');
  const forms = [
    "import type { Database } from '../../db/schema';",
    "import { sql } from 'kysely';",
    "export { Db } from '../../db/connection';",
    "const k = require('kysely');",
    "const m = import('../../db/migrations');",
  ];
  for (const form of forms) expect(violations(layers, [inDomain], () => form)).toHaveLength(1);
  expect(violations(layers, [inDomain], () => "import { x } from './lifecycle';")).toEqual([]);
  expect(violations(jobs, [path.join(ROOT, 'jobs/example.ts')], () => "import { isRetryable } from '../src/platforms/feishu/errors';")).toHaveLength(1);
  expect(violations(jobs, [path.join(ROOT, 'jobs/example.ts')], () => "import type { ChatPlatform } from '../src/platforms/platform';")).toEqual([]);
  expect(violations(shared, [path.join(ROOT, 'bench/example.ts')], () => "import { FakeFeishu } from '../tests/fakes/fakeFeishu';")).toHaveLength(1);
  expect(violations(shared, [path.join(ROOT, 'bench/example.ts')], () => "import { FakeFeishu } from '../testkit/fakeFeishu';")).toEqual([]);
  expect(violations(jobSql, [path.join(ROOT, 'jobs/example.ts')], () => "import { sql } from 'kysely';")).toHaveLength(1);
  expect(violations(jobSql, [path.join(ROOT, 'jobs/outbox.ts')], () => "import { sql } from 'kysely';")).toEqual([]);
});

/** Comparing a card's title or colour: how a card button's outcome was once read back from the reply. */
const READS_CARD_WORDING = /\.(title|tone)\s*[!=]==|[!=]==\s*\S*\.(title|tone)\b|\b(REFUSED|NOTHING_TO_DO)\s*[!=]==|[!=]==\s*(REFUSED|NOTHING_TO_DO)\b/;

test('the bot and the card buttons decide no outcome from a card: handlers say it, typed (commands/cardActions)', () => {
  const files = [...sourcesUnder('src/bot'), path.join(ROOT, 'commands/cardActions.ts')];
  expect(files.filter((file) => READS_CARD_WORDING.test(fs.readFileSync(file, 'utf8'))).map((file) => path.relative(ROOT, file))).toEqual([]);
  for (const form of ["if (card.title === REFUSED) return", "card.tone === 'grey' && !card.commitmentId", "REFUSED === reply.title", "'grey' !== card.tone"]) {
    expect(READS_CARD_WORDING.test(form)).toBe(true);
  }
  expect(READS_CARD_WORDING.test("return { title, tone, blocks: [markdown(text)] };")).toBe(false);
});

/** A query written in place: `db.selectFrom(…)` and its kin. */
const WRITES_SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto)\s*\(/;

test('jobs read and write through the register; only the outbox (leases, attempts) writes its own SQL', () => {
  const offenders = sourcesUnder('jobs').filter((file) => path.basename(file) !== 'outbox.ts' && WRITES_SQL.test(fs.readFileSync(file, 'utf8')));
  expect(offenders.map((file) => path.relative(ROOT, file))).toEqual([]);
  expect(WRITES_SQL.test("await app.db.selectFrom('leaders').selectAll()")).toBe(true);
  expect(WRITES_SQL.test('const leaders = await leadersWithIds(app.db, ids);')).toBe(false);
});
