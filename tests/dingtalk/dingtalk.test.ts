import { DWClient, TOPIC_ROBOT } from 'dingtalk-stream';
import { deliverDue } from '../../jobs/deliver';
import { planReminders } from '../../jobs/reminders';
import { silentLogger } from '../../src/logger';
import { DingTalkApi } from '../../src/platforms/dingtalk/api';
import { DingTalkPlatform } from '../../src/platforms/dingtalk/dingtalkPlatform';
import { dingtalkSign } from '../../src/platforms/dingtalk/httpCallback';
import { DingTalkRuntime, startDingTalk, subscribeStream } from '../../src/platforms/dingtalk/startDingTalk';
import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { Harness, itemId, openHarness } from '../helpers/harness';
import { generousLimiter } from '../../testkit/jobs';
import { eventSettled } from '../helpers/settled';
import { HANDLERS_AT_ONCE } from '../../src/bot/bot';

const APP_SECRET = 'dt-secret-xyz';
let h: Harness;
let fake: FakeDingTalk;
let runtime: DingTalkRuntime;
let sequence = 0;

beforeAll(async () => {
  fake = await new FakeDingTalk().start();
  h = await openHarness({ env: { ADMIN_DINGTALK_IDS: 'staff_admin', REVIEW_REQUIRED: 'false' } });
  // A message being handled holds its answer as long as it takes: only the feature under test answers one early.
  runtime = await startDingTalk(h.app, { appKey: 'ding_app', appSecret: APP_SECRET, robotCode: 'ding_robot', eventMode: 'http', apiBase: fake.url }, silentLogger, { port: 0, answerWithinMs: 600_000 });
});
afterAll(async () => {
  await runtime.stop();
  await fake.stop();
  await h.close();
});

function robotMessage(options: { text?: string; staff?: string; group?: boolean; msgId?: string; session?: string; expired?: boolean; atUsers?: { staffId: string }[]; picture?: string }) {
  sequence++;
  const conversationId = options.group ? 'cid_group_1' : `cid_p2p_${options.staff ?? 'staff_x'}`;
  return {
    msgId: options.msgId ?? `msg_${Date.now()}_${sequence}`,
    msgtype: options.picture ? 'picture' : 'text',
    ...(options.picture ? { content: { downloadCode: options.picture } } : { text: { content: options.text ?? '' } }),
    conversationId,
    conversationType: options.group ? '2' : '1',
    senderStaffId: options.staff ?? 'staff_x',
    senderNick: '测试用户',
    chatbotUserId: '$:LWCP_v1:$bot',
    isInAtList: true,
    atUsers: options.atUsers?.map((u) => ({ dingtalkId: `$:${u.staffId}`, staffId: u.staffId })),
    sessionWebhook: fake.sessionWebhook(options.session ?? `s_${sequence}`),
    sessionWebhookExpiredTime: options.expired ? Date.now() - 1000 : Date.now() + 90 * 60_000,
    robotCode: 'ding_robot',
  };
}

async function post(body: unknown, options: { timestamp?: number; sign?: string } = {}) {
  const timestamp = String(options.timestamp ?? Date.now());
  const response = await fetch(runtime.callbackUrl!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', timestamp, sign: options.sign ?? dingtalkSign(timestamp, APP_SECRET) },
    body: JSON.stringify(body),
  });
  return response.status;
}

const repliesIn = (session: string) => fake.sent.filter((s) => s.via === 'session' && s.to === session);

describe('DingTalk over the HTTP outgoing-robot callback', () => {
  test('/status 市发改局 with a valid sign: the department card comes back through the session webhook', async () => {
    const message = robotMessage({ text: ' /status 市发改局', session: 'sess_status' });
    expect(await post(message)).toBe(200);
    const [reply] = await fake.waitFor(() => repliesIn('sess_status').length && repliesIn('sess_status'));
    expect(reply.msgKey).toBe('markdown');
    expect(reply.title).toBe('市发改局 承诺事项');
    for (let seq = 1; seq <= 13; seq++) expect(reply.text).toContain(`#${await itemId(h.db, '市发改局', seq)}`);
    // The same message redelivered: no second reply.
    expect(await post(message)).toBe(200);
    await eventSettled(h.db, runtime.bot, `dingtalk:${message.msgId}`);
    expect(repliesIn('sess_status')).toHaveLength(1);
  });

  test('in a burst, messages waiting their turn are answered 200 once recorded, and each is answered once', async () => {
    // Session replies are held, so the first handlers stay busy and the rest of the burst must wait for a turn.
    const release = fake.hold(/^POST \/robot\/sendBySession$/);
    const sessions = Array.from({ length: HANDLERS_AT_ONCE + 8 }, (_, i) => `sess_burst_${i}`);
    const acknowledged: string[] = [];
    const answers = sessions.map((session) => post(robotMessage({ text: '/status 市发改局', session })).then((status) => {
      acknowledged.push(session);
      return status;
    }));
    // The eight that wait are answered while no reply can be sent: recorded is enough.
    await fake.waitFor(() => acknowledged.length >= 8, 30_000);
    expect(fake.sent.filter((s) => s.via === 'session' && s.to.startsWith('sess_burst_'))).toHaveLength(0);
    release();
    expect(await Promise.all(answers)).toEqual(Array(sessions.length).fill(200));
    await runtime.bot.inFlight.settled();
    for (const session of sessions) expect(repliesIn(session)).toHaveLength(1);
  });

  test.each([
    ['a forged sign', { sign: dingtalkSign(String(Date.now()), 'not-the-secret') }],
    ['a timestamp two hours old', { timestamp: Date.now() - 2 * 3600_000 }],
    ['no sign', { sign: '' }],
  ])('%s is refused and nothing is processed', async (_label, options) => {
    const message = robotMessage({ text: '/status 市发改局', session: `sess_refused_${sequence}` });
    expect(await post(message, options)).toBe(401);
    await eventSettled(h.db, runtime.bot);
    expect(repliesIn(`sess_refused_${sequence}`)).toHaveLength(0);
    expect(await h.db.selectFrom('inbound_events').select('event_id').where('event_id', '=', `dingtalk:${message.msgId}`).executeTakeFirst()).toBeUndefined();
  });

  test('an admin binds a leader by @, the leader’s /done is recorded; buttons become commands to send', async () => {
    const id = await itemId(h.db, '市商务局', 3); // 杨永晓
    await post(robotMessage({ text: '/bind 杨永晓 @杨永晓', staff: 'staff_admin', group: true, atUsers: [{ staffId: 'staff_yang' }], session: 'sess_bind' }));
    const [bound] = await fake.waitFor(() => repliesIn('sess_bind').length && repliesIn('sess_bind'));
    expect(bound.text).toContain('杨永晓** 已绑定');
    await post(robotMessage({ text: `/完成 ${id} 已完成`, staff: 'staff_yang', session: 'sess_done' }));
    const [done] = await fake.waitFor(() => repliesIn('sess_done').length && repliesIn('sess_done'));
    expect(done.text).toContain('已标记完成');
    expect(done.text).toContain(`发送「/evidence ${id} 文字或链接」提交佐证`);
    const log = await h.db.selectFrom('activity_log').selectAll().where('commitment_id', '=', id).where('action', '=', 'done').executeTakeFirstOrThrow();
    expect(log).toMatchObject({ actor_platform: 'dingtalk', actor_id: 'staff_yang' });
  });

  test('someone else is refused in Chinese', async () => {
    const id = await itemId(h.db, '市商务局', 4);
    await post(robotMessage({ text: `/done ${id}`, staff: 'staff_nobody', session: 'sess_refuse' }));
    const [reply] = await fake.waitFor(() => repliesIn('sess_refuse').length && repliesIn('sess_refuse'));
    expect(reply.text).toContain('抱歉，您不能修改');
  });

  test('after the session webhook expired, the reply goes out through the robot API', async () => {
    await post(robotMessage({ text: '/help', staff: 'staff_late', expired: true }));
    const sent = await fake.waitFor(() => fake.sent.find((s) => s.via === 'batchSend' && s.to === 'staff_late'));
    expect(sent).toMatchObject({ msgKey: 'sampleMarkdown', title: '督办机器人 · 命令说明' });
  });

  test('a picture after /佐证 is downloaded by its code and stored', async () => {
    const id = await itemId(h.db, '市商务局', 3);
    await post(robotMessage({ text: `/佐证 ${id}`, staff: 'staff_yang', session: 'sess_ev1' }));
    await fake.waitFor(() => repliesIn('sess_ev1').length);
    fake.files.set('dl_code_1', Buffer.from('picture-bytes'));
    await post(robotMessage({ picture: 'dl_code_1', staff: 'staff_yang', session: 'sess_ev2' }));
    const [reply] = await fake.waitFor(() => repliesIn('sess_ev2').length && repliesIn('sess_ev2'));
    const failure = await h.db.selectFrom('inbound_events').select('error').where('status', '=', 'failed').executeTakeFirst();
    expect(failure?.error ?? '').toBe('');
    expect(reply.text).toContain('已归档图片');
    const row = await h.db.selectFrom('evidence').selectAll().where('commitment_id', '=', id).where('kind', '=', 'image').executeTakeFirstOrThrow();
    expect(row.size_bytes).toBe(13);
  });
});

describe('DingTalk over Stream mode', () => {
  /** A stream client whose acknowledgements are kept, each with the session replies sent by the moment it was made. */
  function streamClient(): { client: DWClient; acks: any[] } {
    const client = new DWClient({ clientId: 'ding_app', clientSecret: APP_SECRET });
    const acks: any[] = [];
    const send = (data: string) => acks.push({ ...JSON.parse(data), repliesThen: fake.sent.filter((s) => s.via === 'session').length });
    (client as unknown as { socket: { send(data: string): void } }).socket = { send };
    subscribeStream(client, runtime.bot, runtime.conversations, silentLogger);
    return { client, acks };
  }

  function robotFrame(message: object, messageId: string) {
    return {
      specVersion: '1.0', type: 'CALLBACK',
      headers: { appId: 'a', connectionId: 'c', contentType: 'application/json', messageId, time: String(Date.now()), topic: TOPIC_ROBOT },
      data: JSON.stringify(message),
    };
  }

  test('a frame through the real dingtalk-stream client is acknowledged and answered', async () => {
    const { client, acks } = streamClient();
    const message = robotMessage({ text: '/status 科技', session: 'sess_stream' });
    const frame = robotFrame(message, 'stream_msg_1');
    client.onDownStream(JSON.stringify(frame));
    const [reply] = await fake.waitFor(() => repliesIn('sess_stream').length && repliesIn('sess_stream'));
    await fake.waitFor(() => acks.length);
    expect(acks[0]).toMatchObject({ code: 200, headers: { messageId: 'stream_msg_1' } });
    expect(reply.title).toBe('市科技局 承诺事项');
    client.onDownStream(JSON.stringify({ ...frame, headers: { ...frame.headers, messageId: 'stream_msg_2' } }));
    await fake.waitFor(() => acks.length >= 2);
    await eventSettled(h.db, runtime.bot, `dingtalk:${message.msgId}`);
    expect(repliesIn('sess_stream')).toHaveLength(1);
  });

  test('a frame is acknowledged once its message is recorded, before the reply is sent', async () => {
    // A slow reply: DingTalk pushes a frame again when it is not acknowledged, so the ack must not wait for it.
    fake.delay(/^POST \/robot\/sendBySession$/, 800);
    const { client, acks } = streamClient();
    const message = robotMessage({ text: '/status 市发改局', session: 'sess_stream_slow' });
    const repliesBefore = fake.sent.filter((s) => s.via === 'session').length;
    client.onDownStream(JSON.stringify(robotFrame(message, 'stream_slow_1')));
    await fake.waitFor(() => acks.length);
    expect(acks[0]).toMatchObject({ code: 200, headers: { messageId: 'stream_slow_1' }, repliesThen: repliesBefore });
    expect(await h.db.selectFrom('inbound_events').select('event_id').where('event_id', '=', `dingtalk:${message.msgId}`).executeTakeFirst()).toBeDefined();
    await fake.waitFor(() => repliesIn('sess_stream_slow').length);
    await eventSettled(h.db, runtime.bot, `dingtalk:${message.msgId}`);
    expect(repliesIn('sess_stream_slow')).toHaveLength(1);
  });
});

describe('reminders to leaders bound on DingTalk', () => {
  test('each once through batchSend, with throttling retried', async () => {
    const leaders = await h.db.selectFrom('leaders').select(['id', 'name']).execute();
    for (const leader of leaders) {
      await h.db.updateTable('leaders').set({ dingtalk_staff_id: `staff_l${leader.id}` }).where('id', '=', leader.id).execute();
    }
    h.clock.set('2022-12-28T09:00:00+08:00');
    const plan = await planReminders(h.app, '2022-12-28');
    fake.failNext(/batchSend/, 429, { code: 'Forbidden.AccessDenied.QpsLimitForApi', message: 'qps' }, 2);
    const platform = new DingTalkPlatform(new DingTalkApi({ appKey: 'ding_app', appSecret: APP_SECRET, robotCode: 'ding_robot', apiBase: fake.url }), silentLogger, async () => undefined);
    const before = fake.sent.filter((s) => s.via === 'batchSend').length;
    const report = await deliverDue(h.app, { platforms: { dingtalk: platform }, limiter: generousLimiter(), log: silentLogger });
    expect(report.sent).toBe(plan.queued);
    const sends = fake.sent.filter((s) => s.via === 'batchSend').slice(before);
    expect(sends).toHaveLength(plan.queued);
    const toLeaders = sends.filter((s) => s.to.startsWith('staff_l')).map((s) => s.to);
    expect(new Set(toLeaders).size).toBe(toLeaders.length);
    // Items whose leaders the import could not determine: one card to the admin, grouped by department.
    expect(sends.filter((s) => s.to === 'staff_admin')).toHaveLength(1);
    const ying = leaders.find((l) => l.name === '应旭军')!;
    const card = sends.find((s) => s.to === `staff_l${ying.id}`)!;
    expect(card.title).toBe('督办提醒：4 项事项临近时限');
    expect((await planReminders(h.app, '2022-12-28')).queued).toBe(0);
    expect((await deliverDue(h.app, { platforms: { dingtalk: platform }, limiter: generousLimiter(), log: silentLogger })).sent).toBe(0);
  });
});
