import type { Chat } from '../../src/bot/types';
import { feishuUser, Harness, itemId, openHarness } from '../helpers/harness';

let h: Harness;
const admin = feishuUser('ou_admin', '督查室王科长');
const tong = feishuUser('ou_tong', '童安胜');
const clerk = feishuUser('ou_clerk', '张联络');
const group: Chat = { platform: 'feishu', id: 'oc_group', type: 'group' };
const mention = (id: string, name: string, n = 1) => [{ key: `@_user_${n}`, id, name }];

beforeAll(async () => {
  h = await openHarness({ env: { ADMIN_OPEN_IDS: 'ou_admin' } });
});
afterAll(() => h.close());

describe('/bind', () => {
  test('a leader asks to bind; the admin sees and approves it; then /mine works', async () => {
    expect((await h.say(tong, '/mine')).text).toContain('/bind');
    const asked = await h.say(tong, '/绑定 童 安胜');
    expect(asked.text).toMatch(/申请编号 \d+/);
    expect((await h.say(tong, '/bind 童安胜')).text).toContain('正在等待督查室确认');
    const list = await h.say(admin, '/bind');
    expect(list.text).toContain('童安胜');
    const id = /(\d+)\. /.exec(list.text)![1];
    expect((await h.say(tong, `/bind 通过 ${id}`)).text).toContain('只有督查室管理员');
    expect((await h.say(admin, `/bind 通过 ${id}`)).text).toContain('绑定成功');
    const leader = await h.db.selectFrom('leaders').selectAll().where('name', '=', '童安胜').executeTakeFirstOrThrow();
    expect(leader.feishu_open_id).toBe('ou_tong');
    expect((await h.say(tong, '/mine')).card.title).toBe('童安胜 负责的事项');
    const log = await h.db.selectFrom('activity_log').selectAll().where('action', '=', 'leader.bind').executeTakeFirstOrThrow();
    expect(log).toMatchObject({ actor_id: 'ou_admin', after: { feishu_open_id: 'ou_tong' } });
  });

  test('an admin binds someone directly with @', async () => {
    const { text } = await h.say(admin, '/bind 俞文胜 @_user_1', { mentions: mention('ou_yu', '俞文胜') });
    expect(text).toContain('俞文胜 已绑定');
    const id = await itemId(h.db, '市委政法委', 2);
    expect((await h.say(feishuUser('ou_yu'), `/done ${id}`)).text).toContain('已报送办结，等待督查室审核');
  });

  test('refusals change nothing', async () => {
    for (const [who, line, mentions, message] of [
      [clerk, '/bind 俞文胜 @_user_1', mention('ou_x', 'x'), '只有督查室管理员可以为他人绑定'],
      [admin, '/bind 不存在的人 @_user_1', mention('ou_x', 'x'), '名单中没有责任领导'],
      [admin, '/bind 李红英 @_user_1', mention('ou_tong', '童安胜'), '该账号已绑定为“童安胜”'],
      [admin, '/bind 通过 abc', [], '请给出申请编号'],
      [clerk, '/bind', [], '请写上您的姓名'],
      [clerk, `/bind ${'名'.repeat(10_000)}`, [], '名单中没有责任领导'],
    ] as const) {
      const before = await h.snapshot();
      const { text } = await h.say(who, line, { mentions: [...mentions] });
      expect(text).toContain(message);
      expect(text.length).toBeLessThan(400);
      expect(await h.snapshot()).toEqual(before);
    }
  });
});

describe('/liaison', () => {
  test('an admin names a liaison, who can then act on the department’s items', async () => {
    const id = await itemId(h.db, '市发改局', 13);
    expect((await h.say(clerk, `/progress ${id} 30%`)).text).toContain('抱歉，您不能修改');
    expect((await h.say(admin, '/liaison 发改 @_user_1', { mentions: mention('ou_clerk', '张联络') })).text).toContain('现在是 **市发改局** 的联络员'.replace(/\*\*/g, ''));
    expect((await h.say(clerk, `/progress ${id} 30% 已建成72个`)).text).toContain('已记录进展：30%');
    expect((await h.say(clerk, '/联络员 市发改局')).text).toContain('张联络');
    expect((await h.say(clerk, '/mine')).card.title).toBe('我联络的部门事项');
  });

  test('bad input', async () => {
    const before = await h.snapshot();
    expect((await h.say(admin, '/liaison')).text).toContain('请给出部门');
    expect((await h.say(admin, '/liaison 不存在 @_user_1', { mentions: mention('ou_z', 'z') })).text).toContain('找不到部门');
    expect((await h.say(tong, '/liaison 发改 @_user_1', { mentions: mention('ou_z', 'z') })).text).toContain('只有督查室管理员');
    expect(await h.snapshot()).toEqual(before);
  });
});

describe('/subscribe and /unsubscribe', () => {
  test('only in groups, by an admin or liaison', async () => {
    const before = await h.snapshot();
    expect((await h.say(admin, '/subscribe')).text).toContain('请在需要接收周报的群里');
    expect((await h.say(tong, '/subscribe', { chat: group })).text).toContain('只有督查室管理员或部门联络员');
    expect((await h.say(admin, '/subscribe 不存在的局', { chat: group })).text).toContain('找不到部门');
    expect(await h.snapshot()).toEqual(before);
  });

  test('a group chooses its departments, then leaves', async () => {
    expect((await h.say(admin, '/订阅 发改 经信', { chat: group })).text).toContain('范围：市发改局、市经信局');
    const row = await h.db.selectFrom('group_subscriptions').selectAll().executeTakeFirstOrThrow();
    expect(row.department_ids).toHaveLength(2);
    expect((await h.say(admin, '/subscribe', { chat: group })).text).toContain('范围：全部部门');
    expect((await h.say(admin, '/unsubscribe', { chat: group })).text).toContain('已取消订阅');
    expect((await h.say(admin, '/unsubscribe', { chat: group })).text).toContain('没有订阅');
  });

  test('a liaison may subscribe a group that has none, but cannot re-scope or end a subscription', async () => {
    const office: Chat = { platform: 'feishu', id: 'oc_office_digest', type: 'group' };
    expect((await h.say(admin, '/subscribe', { chat: office })).text).toContain('范围：全部部门');
    const before = await h.snapshot();
    const row = async () => h.db.selectFrom('group_subscriptions').selectAll().where('chat_id', '=', office.id).executeTakeFirst();
    const subscribed = await row();
    expect((await h.say(clerk, '/subscribe 市发改局', { chat: office })).text).toContain('只能由督查室管理员办理');
    expect((await h.say(clerk, '/unsubscribe', { chat: office })).text).toContain('只能由督查室管理员办理');
    expect(await h.snapshot()).toEqual(before);
    expect(await row()).toEqual(subscribed);
    const own: Chat = { platform: 'feishu', id: 'oc_liaison_group', type: 'group' };
    expect((await h.say(clerk, '/subscribe 市发改局', { chat: own })).text).toContain('范围：市发改局');
    expect((await h.say(clerk, '/unsubscribe', { chat: own })).text).toContain('只能由督查室管理员办理');
    expect((await h.say(admin, '/unsubscribe', { chat: own })).text).toContain('已取消订阅');
  });
});
