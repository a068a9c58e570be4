import { shanghaiDay } from '../../src/clock';
import { loadCommitments } from '../../src/register/commitments';
import { rankDepartments } from '../../src/domain/weeklyFigures';
import { ConsoleHarness, consoleForFile, Session } from '../helpers/console';
import { docxParagraphs } from '../helpers/ooxml';

const file = consoleForFile();
let h: ConsoleHarness;
let office: Session;
beforeAll(() => {
  ({ h, office } = file);
});

const departmentId = async (name: string) => (await h.db.selectFrom('departments').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;

test('总览 ranks departments with the numbers the digest computes from the register', async () => {
  const response = await office.get('/console/');
  expect(response.statusCode).toBe(200);
  const ranking = rankDepartments(await loadCommitments(h.db), shanghaiDay(h.clock.now()));
  const rows = [...response.body.matchAll(/<tr data-department="([^"]+)">[\s\S]*?data-field="total">(\d+)<[\s\S]*?data-field="done">(\d+)<[\s\S]*?data-field="rate">(\d+)%/g)]
    .map((m) => ({ name: m[1], total: Number(m[2]), done: Number(m[3]), rate: Number(m[4]) }));
  expect(rows).toEqual(ranking.map((r) => ({ name: r.name, total: r.summary.total, done: r.summary.done, rate: r.summary.rate })));
  expect(response.body).toContain('/console/vendor/chart.umd.min.js');
  expect(response.headers['content-security-policy']).toContain("default-src 'self'");
});

test('总览 offers the office last week\'s 督查通报 as a Word download', async () => {
  expect((await office.get('/console/')).body).toContain('href="/console/report.docx"');
  const response = await office.get('/console/report.docx');
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('wordprocessingml');
  const disposition = String(response.headers['content-disposition']);
  expect(disposition).toMatch(/^attachment; filename\*=UTF-8''/);
  const fileName = decodeURIComponent(disposition.replace(/^.*UTF-8''/, ''));
  expect(fileName).toMatch(/^督查通报\d{4}年第(\d+)期\.docx$/);
  // The CLI's document: its head carries the number the file is named by.
  const paragraphs = await docxParagraphs(response.rawPayload);
  expect(paragraphs.slice(0, 2)).toEqual(['督查通报', `第${/第(\d+)期/.exec(fileName)![1]}期`]);
  expect(paragraphs).toContain('一、总体情况');
}, 120_000);

test('the chart library is served from node_modules, and nothing else from there', async () => {
  const chart = await office.get('/console/vendor/chart.umd.min.js');
  expect(chart.statusCode).toBe(200);
  expect(chart.body).toContain('Chart');
  expect((await office.get('/console/vendor/chart.cjs')).statusCode).toBe(404);
});

test('a department page filters, searches, sorts and pages its items', async () => {
  const id = await departmentId('市发改局');
  const all = await office.get(`/console/departments/${id}`);
  expect(all.statusCode).toBe(200);
  const count = (body: string) => (body.match(/<tr class="[^"]*" data-id=/g) ?? []).length;
  const items = await loadCommitments(h.db, { departmentId: id });
  expect(count(all.body)).toBe(Math.min(items.length, 50));
  const flagged = await office.get(`/console/departments/${id}?review=1`);
  expect(count(flagged.body)).toBe(items.filter((i) => i.needsReview).length);
  const word = items[0].text.slice(0, 6);
  const searched = await office.get(`/console/departments/${id}?q=${encodeURIComponent(word)}`);
  expect(count(searched.body)).toBe(items.filter((i) => i.text.includes(word)).length);
  const sorted = await office.get(`/console/departments/${id}?sort=id&dir=desc`);
  const ids = [...sorted.body.matchAll(/data-id="(\d+)"/g)].map((m) => Number(m[1]));
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
});

test('a leader page lists that leader\'s items', async () => {
  const leader = await h.db.selectFrom('leaders').select(['id', 'name']).where('name', '=', '童安胜').executeTakeFirstOrThrow();
  const response = await office.get(`/console/leaders/${leader.id}`);
  expect(response.statusCode).toBe(200);
  const items = await loadCommitments(h.db, { leaderId: leader.id });
  expect((response.body.match(/data-id=/g) ?? []).length).toBe(items.length);
});

test('progress, done and evidence from the console go through the register and are logged as from the console', async () => {
  const item = (await loadCommitments(h.db, { departmentNamed: '市委政法委' }))[0];
  const progress = await office.post(`/console/items/${item.id}/progress`, { progress: '60%', note: '已排查' });
  expect(progress.statusCode).toBe(303);
  const text = await office.post(`/console/items/${item.id}/evidence`, { text: 'https://www.yk.gov.cn/notice/1' });
  expect(text.statusCode).toBe(303);
  const done = await office.post(`/console/items/${item.id}/done`, { note: '已完成' });
  expect(done.statusCode).toBe(303);
  const log = await h.db.selectFrom('activity_log').select(['action', 'via', 'actor_platform']).where('commitment_id', '=', item.id)
    .where('action', 'in', ['progress', 'evidence', 'done']).orderBy('id').execute();
  expect(log).toEqual([
    { action: 'progress', via: 'console', actor_platform: 'console' },
    { action: 'evidence', via: 'console', actor_platform: 'console' },
    { action: 'done', via: 'console', actor_platform: 'console' },
  ]);
  const page = await office.get(`/console/items/${item.id}`);
  expect(page.body).toContain('（控制台）');
  expect(page.body).toContain('href="https://www.yk.gov.cn/notice/1"');
});

test('bad progress is refused in Chinese and changes nothing', async () => {
  const item = (await loadCommitments(h.db, { departmentNamed: '市委政法委' }))[1];
  const before = await h.snapshot();
  const response = await office.post(`/console/items/${item.id}/progress`, { progress: '150%' });
  expect(response.statusCode).toBe(400);
  expect(response.body).toContain('不是有效的进度');
  expect(await h.snapshot()).toEqual(before);
});

test('evidence files: an image inline, anything else a download with its stored type, never a page', async () => {
  const item = (await loadCommitments(h.db, { departmentNamed: '市委政法委' }))[2];
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d6d0a60000000049454e44ae426082', 'hex');
  const upload = async (name: string, type: string, bytes: Buffer) => {
    const boundary = '----duban';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${office.csrf}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
      bytes, Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return h.server.inject({ method: 'POST', url: `/console/items/${item.id}/evidence`, headers: { cookie: office.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
  };
  expect((await upload('现场.png', 'image/png', png)).statusCode).toBe(303);
  expect((await upload('evil.html', 'text/html', Buffer.from('<script>alert(1)</script>'))).statusCode).toBe(303);
  const rows = await h.db.selectFrom('evidence').select(['id', 'kind', 'mime_type']).where('commitment_id', '=', item.id).orderBy('id').execute();
  expect(rows.map((r) => [r.kind, r.mime_type])).toEqual([['image', 'image/png'], ['file', 'text/html']]);

  const image = await office.get(`/console/evidence/${rows[0].id}`);
  expect(image.headers['content-type']).toBe('image/png');
  expect(image.headers['content-disposition']).toMatch(/^inline/);
  const file = await office.get(`/console/evidence/${rows[1].id}`);
  expect(file.headers['content-type']).toBe('text/html');
  expect(file.headers['content-disposition']).toMatch(/^attachment/);
  expect(file.headers['content-security-policy']).toContain('sandbox');
  expect(file.headers['x-content-type-options']).toBe('nosniff');
  const page = await office.get(`/console/items/${item.id}`);
  expect(page.body).toContain(`<img class="evidence" src="/console/evidence/${rows[0].id}"`);
  expect(page.body).toContain(`<a href="/console/evidence/${rows[1].id}" download>evil.html</a>`);

  // A multipart form without the token changes nothing.
  const boundary = '----x';
  const forged = await h.server.inject({
    method: 'POST', url: `/console/items/${item.id}/evidence`, headers: { cookie: office.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n伪造\r\n--${boundary}--\r\n`,
  });
  expect(forged.statusCode).toBe(403);
});

test('花名册 lists unbound leaders first', async () => {
  await h.db.updateTable('leaders').set({ feishu_open_id: 'ou_tong' }).where('name', '=', '童安胜').execute();
  const response = await office.get('/console/roster');
  expect(response.statusCode).toBe(200);
  const names = [...response.body.matchAll(/<tr class="(flagged)?"><td><a href="\/console\/leaders\/\d+">([^<]+)</g)].map((m) => ({ unbound: !!m[1], name: m[2] }));
  expect(names.length).toBeGreaterThan(5);
  const firstBound = names.findIndex((n) => !n.unbound);
  expect(names[firstBound].name).toBe('童安胜');
  expect(names.slice(firstBound).every((n) => !n.unbound)).toBe(true);
});
