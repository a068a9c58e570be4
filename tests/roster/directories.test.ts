import * as lark from '@larksuiteoapi/node-sdk';
import { silentLogger } from '../../src/logger';
import { DingTalkApi } from '../../src/platforms/dingtalk/api';
import { DingTalkDirectory } from '../../src/platforms/dingtalk/dingtalkDirectory';
import { createFeishuClient } from '../../src/platforms/feishu/client';
import { FeishuDirectory } from '../../src/platforms/feishu/feishuDirectory';
import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { CallRate } from '../../testkit/callRate';
import { FakeFeishu } from '../../testkit/fakeFeishu';

const noWait = { log: silentLogger, perSecond: 10_000, sleep: async () => undefined };

describe('Feishu: contact.user.batchGetId through the SDK', () => {
  let fake: FakeFeishu;
  let directory: FeishuDirectory;
  beforeAll(async () => {
    fake = await new FakeFeishu().start();
    const client = createFeishuClient({ appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: fake.url, eventMode: 'ws' }, new lark.DefaultCache(), silentLogger);
    directory = new FeishuDirectory(client, noWait);
    fake.directory.set('13800000001', { openId: 'ou_found' });
    fake.directory.set('13800000002', { openId: 'ou_gone', resigned: true });
    fake.directory.set('13800000003', { openId: 'ou_phone' });
    fake.directory.set('li@city.gov.cn', { openId: 'ou_mail' });
    fake.directory.set('wang@city.gov.cn', { openId: 'ou_wang' });
  });
  afterAll(() => fake.stop());

  test('found, not found, resigned, ambiguous (mobile and e-mail disagree), e-mail only', async () => {
    const results = await directory.lookup([
      { mobile: '13800000001', email: null },
      { mobile: '13899999999', email: null },
      { mobile: '13800000002', email: null },
      { mobile: '13800000003', email: 'li@city.gov.cn' },
      { mobile: null, email: 'wang@city.gov.cn' },
    ]);
    expect(results).toEqual([
      { kind: 'found', id: 'ou_found' },
      { kind: 'not_found' },
      { kind: 'resigned', id: 'ou_gone' },
      { kind: 'ambiguous', ids: ['ou_phone', 'ou_mail'] },
      { kind: 'found', id: 'ou_wang' },
    ]);
    const request = fake.requests.find((r) => r.path === '/open-apis/contact/v3/users/batch_get_id')!;
    expect(request.query.get('user_id_type')).toBe('open_id');
  });

  test('120 contacts go in batches of at most 50, with progress after each', async () => {
    const before = fake.requests.filter((r) => r.path.endsWith('batch_get_id')).length;
    const progress: number[] = [];
    const contacts = Array.from({ length: 120 }, (_, i) => ({ mobile: `139${String(i).padStart(8, '0')}`, email: null }));
    const results = await directory.lookup(contacts, (done) => progress.push(done));
    const batches = fake.requests.filter((r) => r.path.endsWith('batch_get_id')).slice(before);
    expect(batches.map((b) => b.body.mobiles.length)).toEqual([50, 50, 20]);
    expect(progress).toEqual([50, 100, 120]);
    expect(results.every((r) => r.kind === 'not_found')).toBe(true);
  });

  test('throttled (429 / 99991400): retried after the reset Feishu gives, nothing lost', async () => {
    fake.failNext(/batch_get_id/, { status: 429, code: 99991400, headers: { 'x-ogw-ratelimit-reset': '0' } }, 2);
    expect(await directory.lookup([{ mobile: '13800000001', email: null }])).toEqual([{ kind: 'found', id: 'ou_found' }]);
  });

  test('a refusal that does not pass is reported per row as failed, not as "not found"', async () => {
    fake.failNext(/batch_get_id/, { status: 400, code: 99991672, msg: 'no permission contact:user.id:readonly' });
    const [result] = await directory.lookup([{ mobile: '13800000001', email: null }]);
    expect(result.kind).toBe('failed');
  });
});

describe('DingTalk: topapi/v2/user/getbymobile', () => {
  let fake: FakeDingTalk;
  let directory: DingTalkDirectory;
  beforeAll(async () => {
    fake = await new FakeDingTalk().start();
    directory = new DingTalkDirectory(new DingTalkApi({ appKey: 'k', appSecret: 's', robotCode: 'r', apiBase: fake.url, oapiBase: fake.url }), noWait);
    fake.users.set('13800000001', 'staff_found');
    fake.users.set('13800000004', ['zzd_a', 'zzd_b']);
    fake.users.set('13800000005', ['zzd_only']);
  });
  afterAll(() => fake.stop());

  test('found, not found (resigned users are not found either), ambiguous exclusive accounts, one exclusive account, no mobile', async () => {
    const results = await directory.lookup([
      { mobile: '13800000001', email: null },
      { mobile: '13899999999', email: null },
      { mobile: '13800000004', email: null },
      { mobile: '13800000005', email: null },
      { mobile: null, email: 'x@city.gov.cn' },
    ]);
    expect(results).toEqual([
      { kind: 'found', id: 'staff_found' },
      { kind: 'not_found' },
      { kind: 'ambiguous', ids: ['zzd_a', 'zzd_b'] },
      { kind: 'found', id: 'zzd_only' },
      { kind: 'not_found' },
    ]);
    const call = fake.requests.find((r) => r.path === '/topapi/v2/user/getbymobile')!;
    expect(call.body).toEqual({ mobile: '13800000001', support_exclusive_account_search: true });
  });

  test('throttled (errcode 90018): retried, then found', async () => {
    fake.failNext(/getbymobile/, 200, { errcode: 90018, errmsg: '当前企业调用该接口的QPS超过限制' }, 2);
    expect(await directory.lookup([{ mobile: '13800000001', email: null }])).toEqual([{ kind: 'found', id: 'staff_found' }]);
  });
});

describe('the platforms\' rate limits, enforced by the fakes', () => {
  test('Feishu: 2,600 contacts (52 batches) at duban\'s own pace stay under batch_get_id\'s 50 calls a second', async () => {
    const fake = await new FakeFeishu().start();
    try {
      fake.lookupRate = new CallRate(50);
      const client = createFeishuClient({ appId: 'cli_a1b2c3d4e5f60719', appSecret: 's', domain: fake.url, eventMode: 'ws' }, new lark.DefaultCache(), silentLogger);
      const contacts = Array.from({ length: 2_600 }, (_, i) => ({ mobile: `137${String(i).padStart(8, '0')}`, email: null }));
      fake.directory.set(contacts[2_599].mobile, { openId: 'ou_last' });
      const results = await new FeishuDirectory(client, { log: silentLogger }).lookup(contacts);
      expect(fake.lookupRate.throttled).toBe(0);
      expect(fake.requests.filter((r) => r.path.endsWith('batch_get_id'))).toHaveLength(52);
      expect(results[2_599]).toEqual({ kind: 'found', id: 'ou_last' });
    } finally {
      await fake.stop();
    }
  });

  test('DingTalk: at duban\'s own pace (15 a second) no look-up is refused by the 20-a-second limit; faster, the refusals (90018) are retried and nothing is lost', async () => {
    const fake = await new FakeDingTalk().start();
    try {
      fake.lookupRate = new CallRate(20);
      const contacts = Array.from({ length: 40 }, (_, i) => ({ mobile: `136${String(i).padStart(8, '0')}`, email: null }));
      contacts.forEach((c, i) => fake.users.set(c.mobile, `staff_paced_${i}`));
      const api = new DingTalkApi({ appKey: 'k', appSecret: 's', robotCode: 'r', apiBase: fake.url, oapiBase: fake.url });
      const paced = await new DingTalkDirectory(api, { log: silentLogger }).lookup(contacts);
      expect(fake.lookupRate.throttled).toBe(0);
      expect(paced.filter((r) => r.kind === 'found')).toHaveLength(40);

      const hurried = await new DingTalkDirectory(api, { log: silentLogger, perSecond: 1_000 }).lookup(contacts);
      expect(fake.lookupRate.throttled).toBeGreaterThan(0);
      expect(hurried).toEqual(paced);
    } finally {
      await fake.stop();
    }
  });
});
