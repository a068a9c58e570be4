import { ensureDepartment } from '../../src/register/departments';
import { feishuUser, Harness, itemId, OFFICE, openHarness, shellUser } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

describe('/status', () => {
  test('lists every commitment of a department with counts, ids, deadlines and leaders', async () => {
    const { card, text } = await h.say(OFFICE, '/status 市委政法委');
    expect(card.title).toBe('市委政法委 承诺事项');
    expect(text).toContain('共 5 项 · 已办结 0 · 办理中 4 · 逾期未办结 1 · 7天内到期 0 · 完成率 0%');
    const fourth = await itemId(h.db, '市委政法委', 4);
    expect(text).toContain(`#${fourth} 对全市可能涉及养老诈骗的企业`);
    expect(text).toContain('11月15日（逾期5天） · 童安胜、吕震河');
    expect(text.indexOf(`#${fourth}`)).toBeLessThan(text.indexOf(`#${fourth - 3}`));
  });

  test('full-width slash and spaces, case and fragments all work', async () => {
    for (const line of ['／status　市发改局', '/STATUS 市发改局', '/进度 发改', '  /status   市发展和改革局  ', '/status 发改局']) {
      const { card } = await h.say(OFFICE, line);
      expect(card.title).toBe('市发改局 承诺事项');
    }
  });

  test('pages a long list', async () => {
    const { card, text } = await h.say(OFFICE, '/status 发改');
    expect(text).toContain('共 13 项');
    expect(card.buttons ?? []).toHaveLength(0);
    const all = await h.say(OFFICE, '/due 60');
    expect(all.text).toContain('第 1/5 页');
    expect(all.card.buttons?.[0]).toMatchObject({ label: '下一页', value: { action: 'page', command: '/due 60', page: 2 } });
    const second = await h.say(OFFICE, '/due 60 2');
    expect(second.text).toContain('第 2/5 页');
  });

  test('a department with no items yet: an empty list under its name', async () => {
    await ensureDepartment(h.db, '市档案馆');
    const { card, text } = await h.say(OFFICE, '/status 市档案馆');
    expect(card.title).toBe('市档案馆 承诺事项');
    expect(text).toContain('共 0 项');
    expect(text).toContain('（没有事项）');
  });

  test('unknown or ambiguous departments get close matches', async () => {
    const unknown = await h.say(OFFICE, '/status 市发展改革委');
    expect(unknown.card.tone).toBe('red');
    expect(unknown.text).toContain('找不到部门“市发展改革委”');
    expect(unknown.text).toContain('市发改局');
    const ambiguous = await h.say(OFFICE, '/status 局');
    expect(ambiguous.text).toMatch(/对应多个部门：.*市发改局/);
  });

  test('without an argument: a ranking of all departments', async () => {
    const { card, text } = await h.say(OFFICE, '/status');
    expect(card.title).toBe('承诺事项总体进度');
    expect(text).toContain('全部 69 项');
    expect(text).toMatch(/1\. \S+ 完成 0\/5/);
    expect(text).toContain('市委政法委 完成 0/5（0%） · 🔴逾期 1');
  });

  test('hostile text: long, emoji, SQL, markup — a clear refusal, echo clipped and escaped', async () => {
    const long = await h.say(OFFICE, `/status ${'局'.repeat(10_000)}`);
    expect(long.card.tone).toBe('red');
    expect(long.text.length).toBeLessThan(300);
    const sql = await h.say(OFFICE, "/status '; drop table commitments; --");
    expect(sql.text).toContain('找不到部门');
    expect(await h.db.selectFrom('commitments').select('id').limit(1).execute()).toHaveLength(1);
    const emoji = await h.say(OFFICE, '/status 🏛️🔥');
    expect(emoji.text).toContain('找不到部门');
    const markup = await h.say(OFFICE, '/status <at id=all></at>**x**');
    const block = markup.card.blocks[0];
    expect(block.kind === 'markdown' && block.text).not.toContain('<at');
  });
});

describe('/show', () => {
  test('shows the item, its leaders and timeline', async () => {
    const id = await itemId(h.db, '市委政法委', 3);
    const { card, text } = await h.say(OFFICE, `/show #${id}`);
    expect(card.commitmentId).toBe(id);
    expect(text).toContain('每月对省、金华市平安建设相关考核以及平安浙江指数进行通报晾晒');
    expect(text).toContain('责任领导：俞文胜、李红英');
    expect(text).toContain('办理记录');
    expect(text).toContain('导入事项');
  });

  test.each([
    ['/show', '缺少事项编号'],
    ['/show abc', '不是事项编号'],
    ['/show 99999', '没有编号为 #99999 的事项'],
    ["/show 1' or '1'='1", '不是事项编号'],
    [`/show ${'9'.repeat(10_000)}`, '不是事项编号'],
    ['/详情 ＃９９９９', '没有编号为 #9999 的事项'],
  ])('%s → %s', async (line, message) => {
    const { text } = await h.say(OFFICE, line);
    expect(text).toContain(message);
    expect(text.length).toBeLessThan(400);
  });
});

describe('/overdue and /due', () => {
  test('overdue on 2022-11-20 is the 11-15 item only', async () => {
    const { card, text } = await h.say(OFFICE, '/逾期 政法委');
    expect(card.title).toBe('市委政法委 逾期事项（1）');
    expect(text).toContain('养老诈骗');
  });

  test('due within 10 days are the 11月底 items', async () => {
    const { card, text } = await h.say(OFFICE, '/临期 10');
    expect(card.title).toBe('10天内到期的事项（6）');
    expect(text).toContain('11月30日（剩10天）');
  });

  test.each(['/due 0', '/due -3', '/due abc', '/due 99999', `/due ${'1'.repeat(5000)}`])('%s is refused', async (line) => {
    const { card, text } = await h.say(OFFICE, line);
    expect(card.tone).toBe('red');
    expect(text).toContain('不是有效天数');
  });

  test('/overdue with an unknown department', async () => {
    expect((await h.say(OFFICE, '/overdue 不存在的局')).text).toContain('找不到部门');
  });
});

describe('/mine and /help', () => {
  test('a leader sees their own items, overdue first', async () => {
    const { card, text } = await h.say(shellUser('童安胜'), '/我的');
    expect(card.title).toBe('童安胜 负责的事项');
    expect(text).toContain('共 2 项');
    expect(text.indexOf('养老诈骗')).toBeLessThan(text.indexOf('一扫三查'));
  });

  test('someone unknown is told how to bind (in the shell: how to start as themselves)', async () => {
    expect((await h.say(feishuUser('ou_passer_by'), '/mine')).text).toContain('/bind');
    const shell = (await h.say(shellUser('路人'), '/mine')).text;
    expect(shell).toContain('npm start -- --as');
    expect(shell).not.toContain('/bind');
  });

  test('help lists every command with examples; unknown commands point to it', async () => {
    const { text } = await h.say(OFFICE, '/帮助');
    for (const name of ['/status', '/mine', '/done', '/return', '/approve', '/review', '/extend', '/grant', '/deny', '/assign', '/ack', '/urge', '/evidence', '/progress', '/show', '/overdue', '/due', '/bind', '/liaison', '/subscribe', '/unsubscribe']) {
      expect(text).toContain(name);
    }
    expect((await h.say(OFFICE, '/frobnicate')).text).toContain('没有“/frobnicate”这个命令');
    expect((await h.say(OFFICE, '你好')).text).toContain('/帮助');
  });
});
