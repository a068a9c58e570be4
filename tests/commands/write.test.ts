import { Harness, itemId, OFFICE, openHarness, shellUser } from '../helpers/harness';

let h: Harness;
let item: number; // 市委政法委 #3: 俞文胜、李红英
const leader = shellUser('李红英');
const stranger = shellUser('童安胜'); // a leader, but not of this item

beforeAll(async () => {
  h = await openHarness({ env: { REVIEW_REQUIRED: 'false' } }); // these tests predate review (#13)
  item = await itemId(h.db, '市委政法委', 3);
});
afterAll(() => h.close());

const HOSTILE = ['x'.repeat(10_000), '🔥🏛️✅', "'); delete from commitments; --", '<at id=all></at>', '\u0000\u202e'];

describe('/done and /reopen', () => {
  test('a leader who is not responsible is refused, told who can act, and nothing changes', async () => {
    const before = await h.snapshot();
    const { card, text } = await h.say(stranger, `/done ${item}`);
    expect(card.tone).toBe('red');
    expect(text).toContain('责任领导（俞文胜、李红英）');
    expect(text).toContain('市委政法委的联络员');
    expect(await h.snapshot()).toEqual(before);
  });

  test('the responsible leader marks it done; the log and /show have it', async () => {
    h.clock.set('2022-11-21T10:30:00+08:00');
    const { card, text } = await h.say(leader, `/完成 ${item} 已完成通报`);
    expect(card.tone).toBe('green');
    expect(text).toContain('已标记完成');
    expect(text).toContain('/佐证');
    const log = await h.db.selectFrom('activity_log').selectAll().where('commitment_id', '=', item).where('action', '=', 'done').executeTakeFirstOrThrow();
    expect(log).toMatchObject({ actor_id: '李红英', before: { status: '办理中' }, after: { status: '已办结', note: '已完成通报' } });
    expect(log.at.toISOString()).toBe('2022-11-21T02:30:00.000Z');
    const shown = await h.say(OFFICE, `/show ${item}`);
    expect(shown.text).toContain('✅ 已办结');
    expect(shown.text).toContain('完成时限：12月31日（原文：12月底）'); // no countdown once done
    expect(shown.text).toContain('11月21日 10:30 李红英 标记完成：已完成通报');
  });

  test('done twice is harmless', async () => {
    const before = await h.snapshot();
    expect((await h.say(leader, `/done ${item}`)).text).toContain('已经办结');
    expect(await h.snapshot()).toEqual(before);
  });

  test('reopen needs a reason and then undoes it', async () => {
    expect((await h.say(OFFICE, `/reopen ${item}`)).text).toContain('请写明退回原因');
    const { text } = await h.say(OFFICE, `/退回 ${item} 佐证材料不全`);
    expect(text).toContain('已退回重办');
    expect(text).toContain('办理中');
    const log = await h.db.selectFrom('activity_log').selectAll().where('commitment_id', '=', item).where('action', '=', 'return').executeTakeFirstOrThrow();
    expect(log.after).toMatchObject({ status: '办理中', reason: '佐证材料不全' });
  });

  test.each([
    ['/done', '缺少事项编号'],
    ['/done 十二', '不是事项编号'],
    ['/done 123456', '没有编号为 #123456'],
    [`/done ${'1'.repeat(10_000)}`, '不是事项编号'],
  ])('%s → %s', async (line, message) => {
    const before = await h.snapshot();
    expect((await h.say(leader, line)).text).toContain(message);
    expect(await h.snapshot()).toEqual(before);
  });

  test('a 10,000-character note is refused; hostile but short notes are stored verbatim and shown escaped', async () => {
    const other = await itemId(h.db, '市委政法委', 5);
    const before = await h.snapshot();
    expect((await h.say(OFFICE, `/done ${other} ${HOSTILE[0]}`)).text).toContain('说明太长了');
    expect(await h.snapshot()).toEqual(before);
    const { card } = await h.say(OFFICE, `/done ${other} <at id=all></at> **粗体** 🔥`);
    const log = await h.db.selectFrom('activity_log').selectAll().where('commitment_id', '=', other).where('action', '=', 'done').executeTakeFirstOrThrow();
    expect(log.after).toMatchObject({ note: '<at id=all></at> **粗体** 🔥' });
    const shown = await h.say(OFFICE, `/show ${other}`);
    const markdownText = shown.card.blocks.map((b) => (b.kind === 'markdown' ? b.text : '')).join('\n');
    expect(markdownText).not.toContain('<at id=all>');
    expect(markdownText).toContain('&lt;at id=all&gt;');
    expect(card.tone).toBe('green');
  });
});

describe('/progress', () => {
  const seqOf = async (text: string) => (await h.db.selectFrom('commitments').select('seq').where('text', 'like', `%${text}%`).executeTakeFirstOrThrow()).seq!;
  const target = () => itemId(h.db, '市委政法委', 1); // 童安胜

  test('a percentage moves the item to in progress', async () => {
    const id = await target();
    const { text } = await h.say(shellUser('童安胜'), `/进展 ${id} ６０％ 已完成两轮排查`);
    expect(text).toContain('已记录进展：60%');
    expect(text).toContain('· 进度 60%');
    const report = await h.db.selectFrom('progress_reports').selectAll().where('commitment_id', '=', id).executeTakeFirstOrThrow();
    expect(report).toMatchObject({ percent: 60, note: '已完成两轮排查', actor_id: '童安胜' });
  });

  test('a value is kept as reported', async () => {
    const id = await target();
    await h.say(shellUser('童安胜'), `/progress ${id} 已排查180家`);
    const reports = await h.db.selectFrom('progress_reports').selectAll().where('commitment_id', '=', id).orderBy('id').execute();
    expect(reports[1]).toMatchObject({ percent: null, value: '已排查180家' });
  });

  test.each([
    ['', '请给出进度'],
    [' 150%', '不是有效的进度'],
    [' 很快', '不是有效的进度'],
    [` ${'9'.repeat(10_000)}`, '不是有效的进度'],
    [' 🔥', '不是有效的进度'],
  ])('bad value "%s" → %s, nothing changes', async (suffix, message) => {
    const id = await target();
    const before = await h.snapshot();
    expect((await h.say(shellUser('童安胜'), `/progress ${id}${suffix}`)).text).toContain(message);
    expect(await h.snapshot()).toEqual(before);
  });

  test.each([['六成', 60], ['八成', 80], ['七成半', 75], ['百分之四十', 40]])('"%s" reads as %i%%', async (said, percent) => {
    const id = await target();
    expect((await h.say(shellUser('童安胜'), `/progress ${id} ${said}`)).text).toContain(`· 进度 ${percent}%`);
  });

  test('a bare number is a quantity against the numeric target the item names', async () => {
    const id = await itemId(h.db, '市发改局', await seqOf('新增公用充电桩240个以上'));
    const { text } = await h.say(OFFICE, `/进展 ${id} 180 已建成`);
    expect(text).toContain('已记录进展：180个，约75%');
    expect(text).toContain('进度 75%');
    const report = await h.db.selectFrom('progress_reports').selectAll().where('commitment_id', '=', id).executeTakeFirstOrThrow();
    expect(report).toMatchObject({ percent: 75, value: '180个', note: '已建成' });
    expect((await h.say(OFFICE, `/进展 ${id} 已建成216个`)).text).toContain('进度 90%');
  });

  test.each([
    [' -10%', '进度不能为负数'],
    [' －20', '进度不能为负数'],
    [' 60', '“60”是百分比还是完成数量？'],
  ])('"%s" is refused: %s, nothing changes', async (suffix, message) => {
    const id = await target();
    const before = await h.snapshot();
    expect((await h.say(shellUser('童安胜'), `/progress ${id}${suffix}`)).text).toContain(message);
    expect(await h.snapshot()).toEqual(before);
  });

  test('progress on a finished item is refused with a hint', async () => {
    const id = await itemId(h.db, '市委政法委', 3);
    await h.say(OFFICE, `/done ${id}`);
    const before = await h.snapshot();
    const { text } = await h.say(OFFICE, `/progress ${id} 50%`);
    expect(text).toMatch(/已办结|等待督查室审核/);
    expect(text).toContain(`/退回 ${id}`);
    expect(await h.snapshot()).toEqual(before);
  });

  test('someone else is refused', async () => {
    const before = await h.snapshot();
    expect((await h.say(shellUser('李红英'), `/progress ${await target()} 50%`)).text).toContain('抱歉，您不能修改');
    expect(await h.snapshot()).toEqual(before);
  });
});

describe('/evidence', () => {
  test('text and links are stored with who and when', async () => {
    const id = await itemId(h.db, '市委政法委', 2); // 俞文胜
    const yu = shellUser('俞文胜');
    expect((await h.say(yu, `/佐证 ${id} https://www.yk.gov.cn/art/2022/12/1/notice.html`)).text).toContain(`已收到 #${id} 的佐证材料`);
    await h.say(yu, `/evidence ${id} 平安建设考核通报已印发`);
    const rows = await h.db.selectFrom('evidence').selectAll().where('commitment_id', '=', id).orderBy('id').execute();
    expect(rows.map((r) => [r.kind, r.content, r.actor_id])).toEqual([
      ['link', 'https://www.yk.gov.cn/art/2022/12/1/notice.html', '俞文胜'],
      ['text', '平安建设考核通报已印发', '俞文胜'],
    ]);
    const shown = await h.say(OFFICE, `/show ${id}`);
    expect(shown.text).toContain('佐证材料（2）');
  });

  test('without content it opens a 10-minute window for a file', async () => {
    const id = await itemId(h.db, '市委政法委', 2);
    const { text } = await h.say(shellUser('俞文胜'), `/evidence ${id}`);
    expect(text).toContain('请在10分钟内');
    const window = await h.db.selectFrom('evidence_requests').selectAll().where('user_id', '=', '俞文胜').executeTakeFirstOrThrow();
    expect(window.expires_at.getTime() - h.clock.now().getTime()).toBe(10 * 60 * 1000);
  });

  test.each([
    [`${'字'.repeat(2001)}`, '说明太长了'],
  ])('too long is refused', async (content, message) => {
    const id = await itemId(h.db, '市委政法委', 2);
    const before = await h.snapshot();
    expect((await h.say(shellUser('俞文胜'), `/evidence ${id} ${content}`)).text).toContain(message);
    expect(await h.snapshot()).toEqual(before);
  });

  test('emoji and SQL-looking text are evidence like any other', async () => {
    const id = await itemId(h.db, '市委政法委', 2);
    await h.say(shellUser('俞文胜'), `/evidence ${id} ${HOSTILE[2]} ${HOSTILE[1]}`);
    const last = await h.db.selectFrom('evidence').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last.content).toBe(`${HOSTILE[2]} ${HOSTILE[1]}`);
  });

  test('no permission → refused', async () => {
    const id = await itemId(h.db, '市委政法委', 2);
    const before = await h.snapshot();
    expect((await h.say(shellUser('路人甲'), `/evidence ${id} 随便`)).text).toContain('抱歉，您不能修改');
    expect(await h.snapshot()).toEqual(before);
  });
});
