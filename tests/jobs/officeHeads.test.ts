import { planReminders } from '../../jobs/reminders';
import { Harness, openHarness } from '../helpers/harness';

/** The 红色督办单 reaches office heads on either platform (a 浙政钉 office has no Feishu ids). */
let h: Harness;
beforeAll(async () => {
  h = await openHarness({ env: { ADMIN_OPEN_IDS: 'ou_admin', OFFICE_HEAD_IDS: 'ou_head', OFFICE_HEAD_DINGTALK_IDS: 'staff_head_1,staff_head_2', ESCALATE_HEAD_AFTER_WORKDAYS: '10' } });
});
afterAll(() => h.close());

test('heads on Feishu and on DingTalk each get the same 督办单, and the admins none', async () => {
  // Items due 11-30 have been overdue ten workdays by 12-14.
  h.clock.set('2022-12-14T09:00:00+08:00');
  await planReminders(h.app, '2022-12-14');
  const rows = await h.db.selectFrom('outbox').select(['platform', 'target_id', 'payload']).where('kind', '=', 'reminder').execute();
  const sheetOf = (platform: string, id: string) => {
    const row = rows.find((r) => r.platform === platform && r.target_id === id);
    return (row?.payload as { redSheet?: { id: number }[] } | undefined)?.redSheet?.map((i) => i.id).sort((a, b) => a - b) ?? [];
  };
  const feishu = sheetOf('feishu', 'ou_head');
  expect(feishu.length).toBeGreaterThan(0);
  expect(sheetOf('dingtalk', 'staff_head_1')).toEqual(feishu);
  expect(sheetOf('dingtalk', 'staff_head_2')).toEqual(feishu);
  expect(sheetOf('feishu', 'ou_admin')).toEqual([]);
});
