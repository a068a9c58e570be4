import { loadCommitments } from '../../src/register/commitments';
import { addEvidence } from '../../src/register/changes';
import { storeEvidenceFile } from '../../src/register/evidenceFiles';
import { ConsoleHarness, openConsole } from '../helpers/console';

/**
 * CONSOLE_READ=own: leaders and liaisons read only what they answer for; every
 * other page, list entry, item and evidence file is refused, while the office
 * still reads everything.
 */
let h: ConsoleHarness;
beforeAll(async () => {
  h = await openConsole({ env: { CONSOLE_READ: 'own' } });
});
afterAll(() => h.close());

const departmentId = async (name: string) => (await h.db.selectFrom('departments').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const leaderId = async (name: string) => (await h.db.selectFrom('leaders').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const listedIds = (body: string) => [...body.matchAll(/<tr class="[^"]*" data-id="(\d+)">/g)].map((m) => Number(m[1])).sort((a, b) => a - b);

test('a leader sees their own items only: 总览 leads to their page, which lists exactly their items; other people, departments and items are refused', async () => {
  const leader = await h.signIn('童安胜');
  const me = await leaderId('童安胜');
  const all = await loadCommitments(h.db);
  const mine = all.filter((i) => i.leaders.some((l) => l.id === me));
  const others = all.filter((i) => !i.leaders.some((l) => l.id === me));
  expect(mine.length).toBeGreaterThan(0);

  const home = await leader.get('/console/');
  expect(home.statusCode).toBe(302);
  expect(home.headers.location).toBe(`/console/leaders/${me}`);
  const page = await leader.get(`/console/leaders/${me}`);
  expect(page.statusCode).toBe(200);
  expect(listedIds(page.body)).toEqual(mine.map((i) => i.id).sort((a, b) => a - b));

  const leaders = await leader.get('/console/leaders');
  expect(leaders.statusCode).toBe(200);
  expect([...leaders.body.matchAll(/href="\/console\/leaders\/(\d+)"/g)].map((m) => Number(m[1]))).toEqual([me]);
  const departments = await leader.get('/console/departments');
  expect(departments.statusCode).toBe(200);
  expect(departments.body).not.toMatch(/href="\/console\/departments\/\d+"/);

  const otherLeader = others[0].leaders[0].id;
  for (const url of [
    `/console/leaders/${otherLeader}`,
    `/console/departments/${await departmentId('市委政法委')}`, // even their own department: they are not its liaison
    `/console/departments/${await departmentId('市发改局')}`,
    `/console/items/${others[0].id}`,
  ]) {
    const refused = await leader.get(url);
    expect([url, refused.statusCode]).toEqual([url, 403]);
    expect(refused.body).toContain('您只能查看本人或本部门的事项（CONSOLE_READ=own）');
  }
  expect((await leader.get(`/console/items/${mine[0].id}`)).statusCode).toBe(200);
  for (const officeOnly of ['/console/review', '/console/queue', '/console/import', '/console/roster', '/console/report.docx']) {
    expect([officeOnly, (await leader.get(officeOnly)).statusCode]).toEqual([officeOnly, 403]);
  }
});

test('evidence of someone else\'s item is refused under own; the leader\'s own evidence downloads', async () => {
  const me = await leaderId('童安胜');
  const all = await loadCommitments(h.db);
  const mine = all.find((i) => i.leaders.some((l) => l.id === me))!;
  const other = all.find((i) => !i.leaders.some((l) => l.id === me))!;
  const office = { platform: 'shell' as const, id: '督查室', name: '督查室' };
  const ids: number[] = [];
  for (const item of [mine, other]) {
    const stored = storeEvidenceFile(h.app.config.dataDir, Buffer.from(`台账 ${item.id}`), '台账.xlsx');
    await addEvidence(h.db, office, h.clock.now(), item.id, { kind: 'file', content: null, fileName: '台账.xlsx', ...stored });
    ids.push((await h.db.selectFrom('evidence').select('id').where('commitment_id', '=', item.id).orderBy('id', 'desc').executeTakeFirstOrThrow()).id);
  }
  const leader = await h.signIn('童安胜');
  expect((await leader.get(`/console/evidence/${ids[0]}`)).statusCode).toBe(200);
  const refused = await leader.get(`/console/evidence/${ids[1]}`);
  expect(refused.statusCode).toBe(403);
  expect(refused.body).not.toContain(`台账 ${other.id}`);
});

test('a liaison reads their department\'s page and items, not another department\'s', async () => {
  // 童安胜 is made the liaison of 市发改局 as well: the department's page opens, 市科技局's stays closed.
  const reform = await departmentId('市发改局');
  await h.db.insertInto('liaisons').values({ department_id: reform, platform: 'console', user_id: '童安胜', display_name: '童安胜' }).execute();
  try {
    const liaison = await h.signIn('童安胜');
    const page = await liaison.get(`/console/departments/${reform}`);
    expect(page.statusCode).toBe(200);
    const reformItems = await loadCommitments(h.db, { departmentId: reform });
    expect(listedIds(page.body)).toEqual(reformItems.map((i) => i.id).sort((a, b) => a - b).slice(0, 50));
    expect((await liaison.get(`/console/items/${reformItems[0].id}`)).statusCode).toBe(200);
    const departments = await liaison.get('/console/departments');
    expect([...departments.body.matchAll(/href="\/console\/departments\/(\d+)"/g)].map((m) => Number(m[1]))).toEqual([reform]);
    const science = await departmentId('市科技局');
    expect((await liaison.get(`/console/departments/${science}`)).statusCode).toBe(403);
  } finally {
    await h.db.deleteFrom('liaisons').where('department_id', '=', reform).where('user_id', '=', '童安胜').execute();
  }
});

test('the office still reads everything under own', async () => {
  const office = await h.signIn();
  for (const url of ['/console/', '/console/departments', `/console/departments/${await departmentId('市发改局')}`, '/console/leaders']) {
    expect([url, (await office.get(url)).statusCode]).toEqual([url, 200]);
  }
});
