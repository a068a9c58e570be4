import { feishuUser, Harness, openHarness } from '../helpers/harness';

let h: Harness;
const admin = feishuUser('ou_admin', '督查室王科长');
const impostor = feishuUser('ou_new', '童安胜（新）');
const mention = (id: string, name: string) => [{ key: '@_user_1', id, name }];
const boundTo = async (name: string) => (await h.db.selectFrom('leaders').select('feishu_open_id').where('name', '=', name).executeTakeFirstOrThrow()).feishu_open_id;

beforeAll(async () => {
  h = await openHarness({ env: { ADMIN_OPEN_IDS: 'ou_admin' } });
  await h.say(admin, '/bind 童安胜 @_user_1', { mentions: mention('ou_tong', '童安胜') });
});
afterAll(() => h.close());

describe('approving a bind request for a leader who is already bound', () => {
  let requestId: string;

  test('the request card names the requester and warns that the leader is bound', async () => {
    expect((await h.say(impostor, '/bind 童安胜')).text).toContain('申请已提交');
    const { text } = await h.say(admin, '/bind');
    const line = /(\d+)\. 童安胜（新）（账号 ou_new） 申请绑定为 童安胜/;
    expect(text).toMatch(line);
    requestId = line.exec(text)![1];
    expect(text).toContain('该领导已绑定账号 ou_tong');
    expect(text).toContain(`/bind 通过 ${requestId} 接管`);
  });

  test('plain approval moves nothing and asks for an explicit confirmation', async () => {
    const before = await h.snapshot();
    const { text } = await h.say(admin, `/bind 通过 ${requestId}`);
    expect(text).toContain('需要确认接管');
    expect(text).toContain(`/bind 通过 ${requestId} 接管`);
    expect(await h.snapshot()).toEqual(before);
    expect(await boundTo('童安胜')).toBe('ou_tong');
  });

  test('confirmed, the leader moves, the log says so and the previous account is told', async () => {
    expect((await h.say(admin, `/bind 通过 ${requestId} 接管`)).text).toContain('绑定成功');
    expect(await boundTo('童安胜')).toBe('ou_new');
    const log = await h.db.selectFrom('activity_log').selectAll().where('action', '=', 'leader.bind').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(log.summary).toContain('由账号 ou_tong 改绑为');
    expect(log.before).toEqual({ feishu_open_id: 'ou_tong' });
    const told = await h.db.selectFrom('outbox').selectAll().where('target_id', '=', 'ou_tong').execute();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ platform: 'feishu', target_kind: 'user', kind: 'alert' });
    expect(JSON.stringify(told[0].payload)).toContain('账号绑定已变更');
  });
});

test('an admin binding a bound leader directly must confirm too', async () => {
  const before = await h.snapshot();
  expect((await h.say(admin, '/bind 李红英 @_user_1', { mentions: mention('ou_li', '李红英') })).text).toContain('绑定成功');
  const { text } = await h.say(admin, '/bind 李红英 @_user_1', { mentions: mention('ou_li2', '李红英2') });
  expect(text).toContain('需要确认接管');
  expect(await boundTo('李红英')).toBe('ou_li');
  expect((await h.say(admin, '/bind 李红英 @_user_1 接管', { mentions: mention('ou_li2', '李红英2') })).text).toContain('绑定成功');
  expect(await boundTo('李红英')).toBe('ou_li2');
  expect(before).toBeDefined();
});

test('an admin in a Feishu chat approving a DingTalk request binds the DingTalk account, not the Feishu one', async () => {
  const requester = { platform: 'dingtalk' as const, id: 'staff_yang', name: '杨永晓' };
  expect((await h.say(requester, '/bind 杨永晓')).text).toContain('申请已提交');
  const line = /(\d+)\. 杨永晓（账号 staff_yang） 申请绑定为 杨永晓/.exec((await h.say(admin, '/bind')).text);
  expect(line).not.toBeNull();
  expect((await h.say(admin, `/bind 通过 ${line![1]}`)).text).toContain('绑定成功');
  const leader = await h.db.selectFrom('leaders').selectAll().where('name', '=', '杨永晓').executeTakeFirstOrThrow();
  expect([leader.dingtalk_staff_id, leader.feishu_open_id]).toEqual(['staff_yang', null]);
  const log = await h.db.selectFrom('activity_log').selectAll().where('action', '=', 'leader.bind').orderBy('id', 'desc').executeTakeFirstOrThrow();
  expect(log.after).toEqual({ dingtalk_staff_id: 'staff_yang' });
  const request = await h.db.selectFrom('bind_requests').select('status').where('id', '=', Number(line![1])).executeTakeFirstOrThrow();
  expect(request.status).toBe('approved');
});
