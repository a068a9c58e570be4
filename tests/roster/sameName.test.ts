import { planReminders } from '../../jobs/reminders';
import { systemActor } from '../../src/domain/actor';
import { importCommitments } from '../../src/register/importer';
import { feishuUser, Harness, openHarness } from '../helpers/harness';

const admin = feishuUser('ou_admin', '督查室');
const at = (id: string, name: string) => [{ key: '@_user_1', id, name }];
let h: Harness;
let otherItem: number;

beforeAll(async () => {
  h = await openHarness({ env: { ADMIN_OPEN_IDS: 'ou_admin' } });
  // A second campaign names a 童安胜 in 市发改局: a different person from 市委政法委's 童安胜.
  await importCommitments(h.db, { key: 'same-name', title: '同名测试', sourceDocument: 'test', year: 2022, publishedOn: null }, [{
    department: '市发改局', seq: 1, category: null, text: '完成重点项目年度投资。', deadline: '2022-12-31', deadlineText: '12月31日',
    leaders: ['童安胜'], needsReview: false, reviewReasons: [],
  }], systemActor, h.clock);
  otherItem = (await h.db.selectFrom('commitments').select('id').where('source_key', 'like', '市发改局|%').where('text', '=', '完成重点项目年度投资。').executeTakeFirstOrThrow()).id;
});
afterAll(() => h.close());

test('the import keeps two 童安胜 apart by department', async () => {
  const rows = await h.db.selectFrom('leaders').innerJoin('departments', 'departments.id', 'leaders.department_id')
    .select(['leaders.id', 'departments.name']).where('leaders.name', '=', '童安胜').orderBy('leaders.id').execute();
  expect(rows.map((r) => r.name)).toEqual(['市委政法委', '市发改局']);
  const links = await h.db.selectFrom('commitment_leaders').select('leader_id').where('commitment_id', '=', otherItem).execute();
  expect(links).toEqual([{ leader_id: rows[1].id }]);
});

test('/bind with only the name asks which one and binds nobody; with the unit it binds that one', async () => {
  const before = await h.snapshot();
  const { text } = await h.say(admin, '/bind 童安胜 @_user_1', { mentions: at('ou_tong_fgw', '童安胜') });
  expect(text).toContain('有 2 位“童安胜”（市委政法委、市发改局），请写明单位');
  expect(await h.snapshot()).toEqual(before);
  expect((await h.say(admin, '/bind 童安胜 市发改局 @_user_1', { mentions: at('ou_tong_fgw', '童安胜') })).text).toContain('已绑定');
  expect((await h.say(admin, '/bind 童安胜 政法委 @_user_1', { mentions: at('ou_tong_zfw', '童安胜') })).text).toContain('已绑定');
  const bound = await h.db.selectFrom('leaders').innerJoin('departments', 'departments.id', 'leaders.department_id')
    .select(['departments.name', 'feishu_open_id']).where('leaders.name', '=', '童安胜').orderBy('leaders.id').execute();
  expect(bound).toEqual([{ name: '市委政法委', feishu_open_id: 'ou_tong_zfw' }, { name: '市发改局', feishu_open_id: 'ou_tong_fgw' }]);
});

test('a leader asking for themselves names the unit too, and the pending list shows it', async () => {
  const { text } = await h.say(feishuUser('ou_somebody', '童安胜'), '/bind 童安胜');
  expect(text).toContain('请写明单位');
  expect((await h.say(feishuUser('ou_somebody', '童安胜'), '/bind 童安胜 市发改局')).text).toContain('申请已提交');
  expect((await h.say(admin, '/bind')).text).toContain('申请绑定为 童安胜（市发改局）');
});

test('/mine shows each 童安胜 only their own items', async () => {
  const fgw = (await h.say(feishuUser('ou_tong_fgw'), '/mine')).text;
  expect(fgw).toContain(`#${otherItem}`);
  expect(fgw).not.toContain('养老诈骗');
  const zfw = (await h.say(feishuUser('ou_tong_zfw'), '/mine')).text;
  expect(zfw).toContain('养老诈骗');
  expect(zfw).not.toContain(`#${otherItem}`);
});

test('reminders: each 童安胜 gets their own card with their own items', async () => {
  h.clock.set('2022-12-28T09:00:00+08:00');
  await planReminders(h.app, '2022-12-28');
  const rows = await h.db.selectFrom('outbox').selectAll().where('kind', '=', 'reminder').execute();
  const fgw = rows.filter((r) => r.target_id === 'ou_tong_fgw');
  const zfw = rows.filter((r) => r.target_id === 'ou_tong_zfw');
  expect(fgw).toHaveLength(1);
  expect((fgw[0].payload as { commitmentIds: number[] }).commitmentIds).toEqual([otherItem]);
  expect(zfw).toHaveLength(1);
  expect((zfw[0].payload as { commitmentIds: number[] }).commitmentIds).not.toContain(otherItem);
});
