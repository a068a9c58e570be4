import fs from 'node:fs';
import path from 'node:path';
import { deliverDue } from '../../jobs/deliver';
import { runDigest } from '../../jobs/digest';
import type { Chat } from '../../src/bot/types';
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/logger';
import { DingTalkApi } from '../../src/platforms/dingtalk/api';
import { DingTalkPlatform } from '../../src/platforms/dingtalk/dingtalkPlatform';
import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { feishuUser, Harness, OFFICE, openHarness, shellUser } from '../helpers/harness';
import { drainOutbox, feishuAt, generousLimiter } from '../../testkit/jobs';
import { docxParagraphs, openPackage } from '../helpers/ooxml';

// Each test builds whole documents; on a loaded two-core machine that takes a while.
jest.setTimeout(240_000);

let h: Harness;
let feishu: FakeFeishu;
let dingtalk: FakeDingTalk;

beforeAll(async () => {
  feishu = await new FakeFeishu().start();
  dingtalk = await new FakeDingTalk().start();
  h = await openHarness();
  h.clock.set('2022-12-26T09:00:00+08:00');
});
afterAll(async () => {
  await h.close();
  await feishu.stop();
  await dingtalk.stop();
});

const deliver = () => deliverDue(h.app, {
  platforms: {
    feishu: feishuAt(feishu),
    dingtalk: new DingTalkPlatform(new DingTalkApi({ appKey: 'ding_app', appSecret: 's', robotCode: 'ding_robot', apiBase: dingtalk.url }), silentLogger, async () => undefined),
  },
  limiter: generousLimiter(),
  log: silentLogger,
});

test('/周报 文档 in a Feishu group: uploaded with im.file.create, then posted as a file message', async () => {
  const group: Chat = { platform: 'feishu', id: 'oc_office', type: 'group' };
  const { text } = await h.say(feishuUser('ou_someone'), '/周报 文档', { chat: group });
  expect(text).toContain('正在生成督查通报（12月19日至12月25日），稍后以 Word 文件发送到本群');
  await drainOutbox(h.db, deliver);
  expect(feishu.uploads).toHaveLength(1);
  const [upload] = feishu.uploads;
  expect(upload).toMatchObject({ fileType: 'doc', fileName: '督查通报2022年第1期.docx' });
  expect((await docxParagraphs(upload.bytes)).slice(0, 2)).toEqual(['督查通报', '第1期']);
  const posted = feishu.posted.filter((p) => p.target === 'chat_id:oc_office');
  expect(posted).toMatchObject([{ msgType: 'file', card: { file_key: upload.fileKey } }]);
});

test('/digest doc on DingTalk: media upload, then the robot file message', async () => {
  const group: Chat = { platform: 'dingtalk', id: 'cid_office', type: 'group' };
  await h.say({ platform: 'dingtalk', id: 'staff_1', name: null }, '/digest doc', { chat: group });
  await drainOutbox(h.db, deliver);
  const sent = dingtalk.sent.filter((s) => s.to === 'cid_office');
  expect(sent).toMatchObject([{ via: 'groupSend', msgKey: 'sampleFile', param: { fileName: '督查通报2022年第1期.docx', fileType: 'docx' } }]);
  const media = dingtalk.media.get(sent[0].param.mediaId)!;
  expect(media.name).toBe('督查通报2022年第1期.docx');
  expect((await openPackage(media.bytes)).names).toContain('word/document.xml');
});

test('the local shell saves the document instead', async () => {
  const { text } = await h.say(OFFICE, '/周报 文档');
  const file = path.join(h.app.config.dataDir, '通报', '督查通报2022年第1期.docx');
  expect(text).toContain(file);
  expect((await openPackage(fs.readFileSync(file))).names).toContain('word/document.xml');
  expect((await h.say(shellUser('x'), '/周报 不存在的部门')).text).toContain('不存在的部门');
});

test('DIGEST_ATTACH_DOCX=true: the weekly digest is followed by the document, once per group and week', async () => {
  await h.db.insertInto('group_subscriptions').values({ platform: 'feishu', chat_id: 'oc_weekly', department_ids: JSON.stringify([]), created_at: new Date(), updated_at: new Date() }).execute();
  const plain = await runDigest(h.app, '2022-12-26');
  expect(plain.queued).toBe(1);
  await drainOutbox(h.db, deliver);
  expect(feishu.posted.filter((p) => p.target === 'chat_id:oc_weekly').map((p) => p.msgType)).toEqual(['interactive']);

  h.app.config = loadConfig({ DATA_DIR: h.app.config.dataDir, DIGEST_ATTACH_DOCX: 'true' });
  await h.db.deleteFrom('outbox').execute();
  const uploads = feishu.uploads.length;
  expect((await runDigest(h.app, '2022-12-26')).queued).toBe(2);
  expect((await runDigest(h.app, '2022-12-26')).queued).toBe(0);
  await drainOutbox(h.db, deliver);
  expect(feishu.posted.filter((p) => p.target === 'chat_id:oc_weekly').map((p) => p.msgType)).toEqual(['interactive', 'interactive', 'file']);
  expect(feishu.uploads).toHaveLength(uploads + 1);
});

test('DIGEST_ATTACH_DOCX=true on DingTalk: the digest, then the robot file message with the bulletin', async () => {
  h.app.config = loadConfig({ DATA_DIR: h.app.config.dataDir, DIGEST_ATTACH_DOCX: 'true' });
  await h.db.deleteFrom('group_subscriptions').execute();
  await h.db.insertInto('group_subscriptions').values({ platform: 'dingtalk', chat_id: 'cid_weekly', department_ids: JSON.stringify([]), created_at: new Date(), updated_at: new Date() }).execute();
  expect((await runDigest(h.app, '2022-12-26')).queued).toBe(2);
  await drainOutbox(h.db, deliver);
  const sent = dingtalk.sent.filter((s) => s.to === 'cid_weekly');
  expect(sent.map((s) => s.msgKey)).toEqual([expect.not.stringMatching(/^sampleFile$/), 'sampleFile']);
  expect(sent[1].param).toMatchObject({ fileName: '督查通报2022年第1期.docx', fileType: 'docx' });
  expect((await docxParagraphs(dingtalk.media.get(sent[1].param.mediaId)!.bytes)).slice(0, 2)).toEqual(['督查通报', '第1期']);
});
