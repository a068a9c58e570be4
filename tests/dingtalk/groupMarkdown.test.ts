import { deliverDue } from '../../jobs/deliver';
import { runDigest } from '../../jobs/digest';
import { planReminders } from '../../jobs/reminders';
import { silentLogger } from '../../src/logger';
import { DingTalkApi } from '../../src/platforms/dingtalk/api';
import { DingTalkPlatform } from '../../src/platforms/dingtalk/dingtalkPlatform';
import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { generousLimiter } from '../../testkit/jobs';
import { Harness, itemId, openHarness } from '../helpers/harness';

/**
 * Without a card template, a group's digest and escalations go through the
 * robot API's groupMessages/send, which takes no atUserIds: the leaders must
 * be written by name there, never as their raw staff ids.
 */
let h: Harness;
let fake: FakeDingTalk;
beforeAll(async () => {
  fake = await new FakeDingTalk().start();
  h = await openHarness({ env: { ADMIN_DINGTALK_IDS: 'staff_admin' } });
});
afterAll(async () => {
  await fake.stop();
  await h.close();
});

test('a group\'s markdown digest and 逾期通报 name the bound leaders (@姓名), never show their staff ids', async () => {
  const leaders = await h.db.selectFrom('leaders').select(['id', 'name']).execute();
  for (const leader of leaders) await h.db.updateTable('leaders').set({ dingtalk_staff_id: `staff_l${leader.id}` }).where('id', '=', leader.id).execute();
  await h.db.insertInto('group_subscriptions').values({ platform: 'dingtalk', chat_id: 'cid_group_md', department_ids: '[]', created_at: new Date(), updated_at: new Date() }).execute();
  await h.db.updateTable('commitments').set({ deadline: '2022-12-20' }).where('id', '=', await itemId(h.db, '市应急管理局', 8)).execute();
  h.clock.set('2022-12-28T09:00:00+08:00');
  expect((await runDigest(h.app, '2022-12-28')).queued).toBe(1);
  await planReminders(h.app, '2022-12-28');
  const platform = new DingTalkPlatform(new DingTalkApi({ appKey: 'k', appSecret: 's', robotCode: 'r', apiBase: fake.url }), silentLogger, async () => undefined);
  expect((await deliverDue(h.app, { platforms: { dingtalk: platform }, limiter: generousLimiter(), log: silentLogger })).failed).toBe(0);

  const group = fake.sent.filter((s) => s.via === 'groupSend' && s.to === 'cid_group_md');
  expect(group.map((s) => s.title)).toEqual(expect.arrayContaining([expect.stringContaining('督办周报'), expect.stringContaining('逾期通报')]));
  const text = group.map((s) => s.text).join('\n');
  expect(text).toContain('@朱洪双');
  expect(text).not.toMatch(/staff_l\d+/);
  // Nor in what leaders receive one to one through batchSend.
  expect(fake.sent.filter((s) => s.via === 'batchSend').map((s) => s.text).join('\n')).not.toMatch(/@staff_l\d+/);
});
