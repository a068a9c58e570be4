import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCity, City, CITY_DAY, CITY_ENV, CITY_NOW } from '../../bench/city';
import { CardType, Delivered, deliverCommandCards, deliverJobCards } from '../../bench/cardTour';
import type { App } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { itemSignal } from '../../src/domain/itemState';
import { loadCommitments } from '../../src/register/commitments';
import { setConsolePublicUrl } from '../../src/rendering/consoleLink';
import { DINGTALK_PARAM_BYTES, toDingTalkMarkdown } from '../../src/rendering/dingtalkCard';
import { escalationCard } from '../../src/rendering/reminderCard';
import { openTestDb } from '../../testkit/db';
import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { feishuAt } from '../../testkit/jobs';

/**
 * Every card type at city scale (bench/city.ts: 10,000 items, 200 departments,
 * 2,000 leaders, most unbound) goes through the fake Feishu and DingTalk
 * servers, which refuse what the platforms refuse. The register is built once
 * for the file.
 */
let app: App;
let city: City;
let close: () => Promise<void>;
const feishu = new FakeFeishu();
const dingtalk = new FakeDingTalk();
let delivered: Delivered[];

beforeAll(async () => {
  const opened = await openTestDb();
  close = opened.close;
  app = { db: opened.db, config: loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'duban-city-')), ...CITY_ENV }), clock: new ManualClock(CITY_NOW) };
  city = await buildCity(app.db);
  await feishu.start();
  await dingtalk.start();
  delivered = [...await deliverCommandCards(app, city, { feishu, dingtalk }), ...await deliverJobCards(app, { feishu, dingtalk })];
}, 600_000);

afterAll(async () => {
  await feishu.stop();
  await dingtalk.stop();
  await close();
});

const TYPES: CardType[] = ['status', 'status-all', 'mine', 'overdue', 'due', 'show', 'bind', 'review', 'leader-reminder', 'liaison-reminder', 'office-reminder', 'escalation', 'digest'];

/** The markdown a reader sees, whatever the channel. */
function textOf(d: Delivered): string {
  const m = d.messages[0];
  if (d.channel === 'dingtalk') return m.text;
  if (d.channel === 'dingtalk-card') return JSON.parse(m.sections).map((s: { markdown: string }) => s.markdown).join('\n');
  const texts: string[] = [];
  const walk = (e: any) => (e.tag === 'markdown' ? texts.push(e.content) : (e.columns ?? e.elements ?? []).forEach(walk));
  m.body.elements.forEach(walk);
  return texts.join('\n');
}

/** The item ids of the buttons, in order. */
function buttonIds(d: Delivered): number[] {
  const m = d.messages[0];
  if (d.channel === 'dingtalk') return [...m.text.matchAll(/发送「\/done (\d+)」/g)].map((x: RegExpMatchArray) => Number(x[1]));
  if (d.channel === 'dingtalk-card') return JSON.parse(m.sections).flatMap((s: any) => s.buttons.map((b: any) => JSON.parse(b.value).id)).filter((id: unknown, i: number, all: unknown[]) => all.indexOf(id) === i);
  const ids: number[] = [];
  const walk = (e: any) => (e.tag === 'button' ? ids.push(e.behaviors[0].value.id) : (e.columns ?? e.elements ?? []).forEach(walk));
  m.body.elements.forEach(walk);
  return ids.filter((id, i) => ids.indexOf(id) === i);
}

const cut = (d: Delivered) => textOf(d).includes('未逐条列出');
const left = (text: string) => Number(/内容较多，另有 (\d+) /.exec(text)![1]);

test('every card type reaches both platforms, each logical message as one message, none refused', async () => {
  for (const type of TYPES) {
    for (const channel of ['feishu', 'dingtalk'] as const) {
      expect({ type, channel, sent: delivered.some((d) => d.type === type && d.channel === channel) }).toEqual({ type, channel, sent: true });
    }
  }
  for (const d of delivered) expect({ type: d.type, channel: d.channel, messages: d.messages.length }).toEqual({ type: d.type, channel: d.channel, messages: 1 });
  expect(dingtalk.refused).toEqual([]);
  // DingTalk documents no limit for a card's variables: duban holds them to its robot messages' budget.
  for (const d of delivered.filter((x) => x.channel === 'dingtalk-card')) expect(Buffer.byteLength(JSON.stringify(d.messages[0]))).toBeLessThanOrEqual(DINGTALK_PARAM_BYTES);
  const unsent = await app.db.selectFrom('outbox').select(['kind', 'status', 'last_error']).where('status', '!=', 'sent').execute();
  expect(unsent).toEqual([]);
});

test('at city scale the long cards are cut to fit, on every channel', () => {
  const wasCut = (type: CardType, channel: string) => delivered.some((d) => d.type === type && d.channel === channel && cut(d));
  for (const channel of ['feishu', 'dingtalk', 'dingtalk-card']) expect({ channel, bind: wasCut('bind', channel) }).toEqual({ channel, bind: true });
  expect(wasCut('digest', 'dingtalk')).toBe(true);
  for (const channel of ['feishu', 'dingtalk']) expect({ channel, office: wasCut('office-reminder', channel), escalation: wasCut('escalation', channel) }).toEqual({ channel, office: true, escalation: true });
  // The 红色督办单 goes to the office heads, on Feishu (OFFICE_HEAD_IDS).
  expect(wasCut('head-reminder', 'feishu')).toBe(true);
});

test('a cut reminder or escalation keeps the most urgent items first with their buttons, and counts the rest by colour and department', async () => {
  const jobs = delivered.filter((d) => d.row && d.row.kind !== 'digest' && cut(d));
  for (const d of jobs) {
    const ids = (d.row!.payload as { commitmentIds: number[] }).commitmentIds;
    const items = await app.db.selectFrom('commitments').select(['id', 'deadline']).where('id', 'in', ids).execute();
    const urgent = items.sort((a, b) => a.deadline!.localeCompare(b.deadline!) || a.id - b.id)[0].id;
    const text = textOf(d);
    const listed = [...text.matchAll(/\*\*#(\d+)\*\*/g)].map((m) => Number(m[1]));
    expect({ key: d.row!.dedupe_key, first: listed[0] }).toEqual({ key: d.row!.dedupe_key, first: urgent });
    // Escalations are reports to groups and carry no buttons.
    if (d.row!.kind === 'reminder') expect(buttonIds(d).slice(0, 3)).toEqual(listed.slice(0, 3));
    expect(listed.length + left(text)).toBe(ids.length);
    expect(text).toMatch(/🔴 \d+/);
    expect(text).toContain('按单位：');
    expect(text).toMatch(d.type === 'leader-reminder' || d.type === 'liaison-reminder' ? /发送 \/mine 查看/ : /发送 \/overdue 查看/);
  }
});

test('the office\'s merged reminder names a few unbound leaders and the count, and still lists items with buttons', () => {
  for (const d of delivered.filter((x) => x.type === 'office-reminder')) {
    const text = textOf(d);
    expect(text).toMatch(/等 \d+ 位领导 尚未绑定/);
    expect(buttonIds(d).length).toBeGreaterThanOrEqual(3);
  }
});

test('a cut digest keeps the overdue items first and counts only items as items', () => {
  for (const d of delivered.filter((x) => x.type === 'digest' && cut(x))) {
    const text = textOf(d);
    const overdue = Number(/逾期事项（(\d+)）/.exec(text)![1]);
    expect(text.indexOf('逾期事项')).toBeLessThan(text.search(/#\d/));
    if (/另有 \d+ 项/.test(text)) expect(left(text)).toBeLessThan(overdue + 2 * 20 + 1);
    const summary = text.slice(text.indexOf('内容较多'));
    if (/另有 \d+ 项/.test(summary)) expect(summary).toMatch(/^🔴 \d+( · 🔵 \d+)?( · ✅ \d+)? *$/m);
    else expect(summary).toMatch(/另有 \d+ 个单位未逐条列出/);
  }
});

test('a cut /bind list keeps the oldest requests and the way to decide them, counts the rest by department, and says how to see them', () => {
  for (const d of delivered.filter((x) => x.type === 'bind')) {
    const text = textOf(d);
    expect(text).toContain('/bind 通过 编号');
    expect(text).toMatch(/^1\. 申请人0/m);
    const listed = (text.match(/^\d+\. 申请人/gm) ?? []).length;
    expect({ channel: d.channel, total: listed + left(text) }).toEqual({ channel: d.channel, total: 600 });
    expect(text).toMatch(/另有 \d+ 条申请未逐条列出/);
    expect(text).toMatch(/按单位：测试单位\d+局 \d+/);
    expect(text).toContain('处理以上申请后，再发送 /bind 查看其余申请');
    expect(text).not.toContain('/status');
  }
});

test('/show of an item with a long record keeps the item, its buttons and the latest evidence', () => {
  for (const d of delivered.filter((x) => x.type === 'show')) {
    const text = textOf(d);
    expect(text).toContain('**责任领导**');
    expect(text).toContain('**佐证材料（120）**　以下为最近 10 份');
    expect(buttonIds(d)).toEqual([city.longTimelineId]);
    if (cut(d)) expect(text).toMatch(/另有 \d+ 条记录未逐条列出/);
  }
});

test('/status for all 200 departments is paged, so no channel has to cut it', () => {
  for (const d of delivered.filter((x) => x.type === 'status-all')) {
    const text = textOf(d);
    expect({ channel: d.channel, cut: cut(d) }).toEqual({ channel: d.channel, cut: false });
    expect(text).toContain('第 1/4 页');
    expect(text).toMatch(/^50\. \*\*测试单位\d+局\*\*/m);
  }
});


test('with PUBLIC_URL set, a cut card links to the console page that shows everything; /bind, which has none, keeps its command', async () => {
  setConsolePublicUrl('https://duban.example.gov.cn');
  try {
    const overdue = (await loadCommitments(app.db, {})).filter((i) => itemSignal(i, CITY_DAY).colour === 'red');
    const escalation = escalationCard(overdue, CITY_DAY);
    const bindCard = delivered.find((d) => d.type === 'bind')!.card!;
    const feishuPlatform = feishuAt(feishu);
    const before = feishu.posted.length;
    await feishuPlatform.send({ chatId: 'oc_all' }, escalation, 'public-url-escalation');
    await feishuPlatform.send({ userId: 'ou_office' }, bindCard, 'public-url-bind');
    const [sentEscalation, sentBind] = feishu.posted.slice(before).map((p) => JSON.stringify(p.card));
    expect(sentEscalation).toContain('未逐条列出');
    expect(sentEscalation).toContain('[在控制台查看全部事项](https://duban.example.gov.cn/console)');
    expect(sentEscalation).not.toContain('发送 /overdue 查看全部');
    expect(sentBind).toContain('再发送 /bind 查看其余申请');
    expect(sentBind).not.toContain('duban.example.gov.cn');
    expect(toDingTalkMarkdown(escalation).text).toContain('(https://duban.example.gov.cn/console)');
  } finally {
    setConsolePublicUrl(undefined);
  }
});

