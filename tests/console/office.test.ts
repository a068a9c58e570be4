import fs from 'node:fs';
import path from 'node:path';
import { loadCommitment, loadCommitments } from '../../src/register/commitments';
import { requestExtension } from '../../src/register/extensions';
import { ConsoleHarness, consoleForFile, Session } from '../helpers/console';

const file = consoleForFile();
let h: ConsoleHarness;
let office: Session;
beforeAll(() => {
  ({ h, office } = file);
});

const flaggedOf = async (department: string) => (await loadCommitments(h.db, { departmentNamed: department })).filter((i) => i.needsReview);

test('待核定 shows 市发改局\'s flagged items beside its printed column, and saving one clears its flag and logs before/after', async () => {
  const [item] = await flaggedOf('市发改局');
  const page = await office.get(`/console/review?department=${item.departmentId}`);
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain(`id="item-${item.id}"`);
  expect(page.body).toMatch(/<pre class="printed">市发改局\n序号/);
  expect(page.body).toContain(item.reviewReasons[0].replace(/（/g, '（').slice(0, 8));

  const response = await office.post(`/console/review/${item.id}`, { leaders: '王小明、李四', deadline: '2022-12-31', department: String(item.departmentId) });
  expect(response.statusCode).toBe(303);
  const after = (await loadCommitment(h.db, item.id))!;
  expect(after.needsReview).toBe(false);
  expect(after.leaders.map((l) => l.name)).toEqual(['王小明', '李四']);
  expect(after.deadline).toBe('2022-12-31');
  const log = await h.db.selectFrom('activity_log').select(['before', 'after', 'via']).where('commitment_id', '=', item.id).where('action', '=', 'review.fix').executeTakeFirstOrThrow();
  expect(log.via).toBe('console');
  expect(log.before).toMatchObject({ leaders: item.leaders.map((l) => l.name), needsReview: true });
  expect(log.after).toMatchObject({ leaders: ['王小明', '李四'], deadline: '2022-12-31', needsReview: false });
});

test('a review fix with bad input is refused and changes nothing', async () => {
  const [item] = await flaggedOf('市发改局');
  const before = await h.snapshot();
  for (const form of [
    { leaders: '', deadline: '', department: String(item.departmentId) },
    { leaders: '<script>alert(1)</script>', deadline: '', department: String(item.departmentId) },
    { leaders: '张三', deadline: '2022-13-45x', department: String(item.departmentId) },
  ]) {
    const response = await office.post(`/console/review/${item.id}`, form);
    expect(response.statusCode).toBe(400);
    expect(response.body).not.toContain('<script>alert');
  }
  expect(await h.snapshot()).toEqual(before);
});

test('a post without the CSRF token, or with a wrong one, is refused and changes nothing', async () => {
  const [item] = await flaggedOf('市发改局');
  const before = await h.snapshot();
  const form = { leaders: '张三', deadline: '', department: String(item.departmentId) };
  expect((await office.post(`/console/review/${item.id}`, form, { csrf: null })).statusCode).toBe(403);
  expect((await office.post(`/console/review/${item.id}`, form, { csrf: 'wrong' })).statusCode).toBe(403);
  expect((await office.post(`/console/items/${item.id}/done`, {}, { csrf: null })).statusCode).toBe(403);
  expect(await h.snapshot()).toEqual(before);
});

test('a leader may act on their own items but not on others\', and gets no office pages or actions', async () => {
  const leader = await h.signIn('童安胜');
  const own = (await loadCommitments(h.db, { departmentNamed: '市委政法委' })).find((i) => i.leaders.some((l) => l.name === '童安胜'))!;
  const other = (await loadCommitments(h.db, { departmentNamed: '市发改局' }))[0];
  const [flagged] = await flaggedOf('市发改局');
  const before = await h.snapshot();
  const refused = await leader.post(`/console/items/${other.id}/progress`, { progress: '50%' });
  expect(refused.statusCode).toBe(403);
  expect(refused.body).toContain('只有该事项的责任领导');
  expect((await leader.post(`/console/review/${flagged.id}`, { leaders: '张三', deadline: '', department: String(flagged.departmentId) })).statusCode).toBe(403);
  expect((await leader.get('/console/review')).statusCode).toBe(403);
  expect((await leader.get('/console/import')).statusCode).toBe(403);
  expect((await leader.get('/console/roster')).statusCode).toBe(403);
  expect(await h.snapshot()).toEqual(before);
  expect((await leader.get(`/console/items/${other.id}`)).body).not.toContain('报送进展</button>');
  expect((await leader.post(`/console/items/${own.id}/progress`, { progress: '30%' })).statusCode).toBe(303);
});

test('hostile item text is inert on every page: no markup, no script, long text clipped in lists', async () => {
  const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> **粗体** [链接](javascript:alert(1)) ' + '长'.repeat(5000);
  const item = (await loadCommitments(h.db, { departmentNamed: '市委政法委' }))[3];
  await h.db.updateTable('commitments').set({ text: hostile, needs_review: true, review_reasons: JSON.stringify(['<b>理由</b>']) }).where('id', '=', item.id).execute();
  await h.db.updateTable('leaders').set({ name: '<i>童</i>' }).where('name', '=', '俞文胜').execute();
  for (const url of ['/console/', `/console/departments/${item.departmentId}`, `/console/items/${item.id}`, `/console/review?department=${item.departmentId}`, '/console/roster', '/console/leaders']) {
    const page = await office.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/<script>alert|<img src=x|<b>理由|<i>童/);
    if (url.includes('/items/') || url.includes('/review')) expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  }
  const list = await office.get(`/console/departments/${item.departmentId}`);
  expect(list.body).not.toContain('长'.repeat(200));
  const search = await office.get(`/console/departments/${item.departmentId}?q=${encodeURIComponent('"><script>')}`);
  expect(search.body).toContain('value="&quot;&gt;&lt;script&gt;"');
});

test('导入: a text list is previewed with flagged rows highlighted, committed once, and summarised', async () => {
  const seed = fs.readFileSync(path.join(__dirname, '..', '..', 'seeds', '001_5c28f99ac9fc0060.txt'), 'utf8');
  const before = await h.snapshot();
  const preview = await office.post('/console/import', { text: seed, year: '2022', campaign: 'yk-2022-03', title: '扛旗争先工作承诺' });
  expect(preview.statusCode).toBe(200);
  expect(await h.snapshot()).toEqual(before);
  const parsed = Number(/id="parsed-count">(\d+)</.exec(preview.body)![1]);
  expect(parsed).toBeGreaterThan(20);
  expect(preview.body).toContain('<tr class="flagged">');
  const commitUrl = /action="(\/console\/import\/\d+\/commit)"/.exec(preview.body)![1];
  const result = await office.post(commitUrl, {});
  expect(result.statusCode).toBe(200);
  expect(Number(/data-field="created">(\d+)</.exec(result.body)![1])).toBe(parsed);
  const again = await office.post(commitUrl, {});
  expect(again.statusCode).toBe(400);
  const campaign = await h.db.selectFrom('campaigns').select('id').where('key', '=', 'yk-2022-03').executeTakeFirstOrThrow();
  expect(await h.db.selectFrom('campaign_sources').select('file_name').where('campaign_id', '=', campaign.id).executeTakeFirst()).toBeTruthy();
  const log = await h.db.selectFrom('activity_log').select('via').where('action', '=', 'import').where('campaign_id', '=', campaign.id).executeTakeFirstOrThrow();
  expect(log.via).toBe('console');
});

test('导入: an unreadable upload gets a Chinese reason and writes nothing', async () => {
  const before = await h.snapshot();
  const response = await office.post('/console/import', { text: '这不是一份清单', year: '2022', campaign: 'x' });
  expect(response.statusCode).toBe(400);
  expect(response.body).toContain('无法解析');
  expect(await h.snapshot()).toEqual(before);
});

test('the office\'s review from the console: approve from the queue, return with a reason, extension decided, urge once a day — the register\'s own rules', async () => {
  const [first, second, third] = (await loadCommitments(h.db, { departmentNamed: '市经信局' }))
    .filter((i) => i.leaders.length && i.status === '办理中' && i.leaders.every((l) => /^\p{Script=Han}+$/u.test(l.name)));
  const leader = await h.signIn(first.leaders[0].name);
  expect((await leader.post(`/console/items/${first.id}/done`, { note: '已完成' })).statusCode).toBe(303);
  expect((await loadCommitment(h.db, first.id))!.status).toBe('待审核');
  expect((await leader.post(`/console/items/${first.id}/approve`, {})).statusCode).toBe(403);

  const queue = await office.get('/console/queue');
  expect(queue.body).toContain(`action="/console/items/${first.id}/approve"`);
  expect((await office.post(`/console/items/${first.id}/approve`, { note: '佐证齐全' })).statusCode).toBe(303);
  expect((await loadCommitment(h.db, first.id))!.status).toBe('已办结');
  expect((await office.post(`/console/items/${first.id}/approve`, {})).statusCode).toBe(409);

  expect((await office.post(`/console/items/${first.id}/return`, { reason: '' })).statusCode).toBe(400);
  expect((await office.post(`/console/items/${first.id}/return`, { reason: '佐证不全' })).statusCode).toBe(303);
  expect((await loadCommitment(h.db, first.id))!.status).toBe('办理中');

  const secondLeader = await h.signIn(second.leaders[0].name);
  const asked = await requestExtension(h.db, { platform: 'console', id: second.leaders[0].name, name: second.leaders[0].name }, h.clock.now(),
    { id: second.id, deadline: '2023-01-31', reason: '资金未到位', today: '2022-11-20' }, h.app.config);
  expect(asked.ok).toBe(true);
  expect((await office.get(`/console/items/${second.id}`)).body).toContain('申请延至 <strong>2023-01-31</strong>');
  expect((await secondLeader.post(`/console/items/${second.id}/grant`, {})).statusCode).toBe(403);
  expect((await office.post(`/console/items/${second.id}/grant`, { deadline: '2023-01-15' })).statusCode).toBe(303);
  const extended = (await loadCommitment(h.db, second.id))!;
  expect(extended.deadline).toBe('2023-01-15');
  expect(extended.originalDeadline).toBe(second.deadline);

  expect((await office.post(`/console/items/${third.id}/urge`, { note: '请本周报送' })).statusCode).toBe(303);
  expect((await office.post(`/console/items/${third.id}/urge`, {})).statusCode).toBe(409);
  const actions = await h.db.selectFrom('activity_log').select(['action', 'via']).where('commitment_id', 'in', [first.id, second.id, third.id])
    .where('action', 'in', ['approve', 'return', 'urge']).orderBy('id').execute();
  expect(actions).toEqual([{ action: 'approve', via: 'console' }, { action: 'return', via: 'console' }, { action: 'urge', via: 'console' }]);
});
