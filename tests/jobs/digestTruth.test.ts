import { buildDigest } from '../../src/report/digest';
import { cliActor } from '../../src/domain/actor';
import { parseDocument } from '../../src/ingest/parseDocument';
import { toText } from '../../src/rendering/textCard';
import { importCommitments } from '../../src/register/importer';
import { completeAndApprove } from '../helpers/lifecycle';
import { Harness, itemId, OFFICE, openHarness } from '../helpers/harness';
import { readSeed } from '../helpers/seeds';

let h: Harness;
const texts = (card: any): string[] => card.blocks.filter((b: any) => b.kind === 'markdown').map((b: any) => b.text as string);

beforeAll(async () => {
  h = await openHarness();
  // A narrative plan: candidate items with no department.
  const { items } = parseDocument(readSeed('002_'), 2022);
  await importCommitments(h.db, { key: 'plan-002', title: '工作方案', sourceDocument: '002', year: 2022, publishedOn: null }, items, cliActor(), h.clock);
  // 市商务局: 2 of its 7 items done, 29%: the best department, far from full.
  for (const seq of [1, 2]) await completeAndApprove(h.app, OFFICE, h.clock.now(), await itemId(h.db, '市商务局', seq));
  h.clock.set('2022-12-28T09:00:00+08:00');
});
afterAll(() => h.close());

describe('the digest tells the truth', () => {
  test('bars are drawn against 100%, not against the best department', async () => {
    const card = (await buildDigest(h.app, [], '2022-12-28'))!;
    const bars = card.blocks.find((b) => b.kind === 'bars')!;
    expect(bars).toMatchObject({ max: 100 });
    const best = Math.max(...(bars as any).rows.map((r: any) => r.value));
    expect(best).toBe(29);
    const line = toText(card).split('\n').find((l) => l.endsWith(` ${best}`) && l.includes('█'))!;
    expect([...line.matchAll(/█/g)].length).toBe(Math.round(best / 5));
  });

  test('overdue: named leaders first and most overdue first; undetermined ones folded into one line; a pointer to /overdue', async () => {
    const card = (await buildDigest(h.app, [], '2022-12-28'))!;
    const overdue = texts(card).find((t: string) => t.startsWith('**逾期事项'))!;
    const lines = overdue.split('\n');
    const listedLines = lines.filter((l) => l.startsWith('🔴 #'));
    expect(listedLines.length).toBeGreaterThan(0);
    expect(listedLines.every((l) => !l.endsWith('待核定'))).toBe(true);
    const folded = lines.filter((l) => l.startsWith('🔴 另有'));
    expect(folded).toHaveLength(1);
    expect(folded[0]).toMatch(/^🔴 另有 \d+ 项责任领导待核定（#\d+/);
    expect(lines[lines.length - 1]).toContain('/overdue');
    // Most overdue first: the listed days late never increase.
    const late = listedLines.map((l) => Number(/逾期(\d+)天/.exec(l)![1]));
    expect(late).toEqual([...late].sort((a, b) => b - a));
    // The header counts every overdue item, listed or folded.
    const total = Number(/逾期事项（(\d+)）/.exec(lines[0])![1]);
    expect(total).toBe(listedLines.length + Number(/另有 (\d+) 项/.exec(folded[0])![1]) + Number(/……另有 (\d+) 项/.exec(overdue)?.[1] ?? 0));
  });

  test('items with no department are a 未定部门 row in the digest and in /status, and /status opens it', async () => {
    const digest = (await buildDigest(h.app, [], '2022-12-28'))!;
    expect(texts(digest).find((t: string) => t.includes('按完成率排名'))).toMatch(/\d+\. 未定部门：\d+ 项/);
    const { text } = await h.say(OFFICE, '/status');
    const total = Number(/全部 (\d+) 项/.exec(text)![1]);
    const rows = [...text.matchAll(/完成 \d+\/(\d+)（/g)].map((m) => Number(m[1]));
    expect(rows.reduce((a, b) => a + b, 0)).toBe(total);
    expect(text).toMatch(/\d+\. 未定部门 完成 0\/\d+/);
    const orphans = await h.db.selectFrom('commitments').select('id').where('department_id', 'is', null).execute();
    const opened = (await h.say(OFFICE, '/status 未定部门')).text;
    expect(opened).toContain('【未定部门 承诺事项】');
    expect(opened).toContain(`共 ${orphans.length} 项`);
  });
});
