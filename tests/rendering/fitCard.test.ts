import type { CommitmentView } from '../../src/register/commitments';
import { toDingTalkMarkdown } from '../../src/rendering/dingtalkCard';
import { toFeishuCard } from '../../src/rendering/feishuCard';
import { digestCard } from '../../src/rendering/digestCard';
import { escalationCard, reminderCard, ReminderOptions } from '../../src/rendering/reminderCard';
import { Card, markdown } from '../../src/rendering/card';
import { setConsolePublicUrl } from '../../src/rendering/consoleLink';
import { MARKDOWN_MAX_CHARS, MSG_PARAM_MAX_BYTES } from '../../testkit/fakeDingTalk';
import { checkCard } from '../../testkit/feishuCardRules';

const TODAY = '2026-11-25';

function item(id: number, overrides: Partial<CommitmentView> = {}): CommitmentView {
  const late = id % 3;
  return {
    id, campaignId: 1, departmentId: id % 40, departmentName: `第${id % 40}局`, departmentHeading: null, seq: id, category: null,
    text: `推进城市更新第${id}号项目，完成老旧小区改造、道路提升和配套设施建设，按期交付使用`,
    deadline: `2026-11-${String(10 + late * 7).padStart(2, '0')}`, deadlineText: null, status: '办理中', progressPercent: 40, needsReview: false,
    reviewReasons: [], completedAt: null, originalDeadline: null, acknowledgedAt: new Date(), approvedAt: null, source: 'test',
    coDepartmentIds: [], createdAt: new Date(), updatedAt: new Date(), sourceKey: `k${id}`, startedOn: '2026-01-01', leaders: [{ id, name: `领导${id}` }], ...overrides,
  };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => item(i + 1));

const office: ReminderOptions = { audience: 'office', leader: null, unbound: [], escalated: [], escalateAfterDays: 7 };

function expectAccepted(card: Card): { feishu: string; dingtalk: string } {
  const feishu = JSON.stringify(toFeishuCard(card));
  expect(checkCard(feishu)).toBeNull();
  const dingtalk = toDingTalkMarkdown(card);
  expect(Buffer.byteLength(JSON.stringify(dingtalk))).toBeLessThanOrEqual(MSG_PARAM_MAX_BYTES);
  expect([...dingtalk.text].length).toBeLessThanOrEqual(MARKDOWN_MAX_CHARS);
  return { feishu, dingtalk: dingtalk.text };
}

test('a merged reminder of 600 items is cut to fit: urgent items first with their buttons, the rest counted by colour and department', () => {
  const card = reminderCard(items(600), TODAY, office);
  const { feishu, dingtalk } = expectAccepted(card);
  const json = JSON.parse(feishu);
  // The department of the most overdue item (id % 3 === 0) leads, nearest deadline first, with their buttons.
  expect(json.body.elements[1].content).toContain('**第3局**');
  expect(json.body.elements[2].content).toContain('**#3**');
  expect(json.body.elements[3].tag).toBe('column_set');
  expect(JSON.stringify(json.body.elements[3])).toContain('"id":3');
  const last = json.body.elements.at(-1).content as string;
  expect(last).toMatch(/另有 \d+ 项未逐条列出/);
  expect(last).toContain('按单位：');
  expect(last).toContain('发送 /overdue 查看全部事项');
  const left = Number(/另有 (\d+) 项/.exec(last)![1]);
  const listed = (feishu.match(/\*\*#\d+\*\*/g) ?? []).length;
  expect(listed + left).toBe(600);
  expect(dingtalk).toMatch(/另有 \d+ 项未逐条列出/);
});

test('a card that fits is sent unchanged', () => {
  const card = reminderCard(items(3), TODAY, { ...office, audience: 'leader', leader: '张三' });
  expect(JSON.stringify(toFeishuCard(card))).not.toContain('未逐条列出');
});

test('an escalation of 300 items and a digest of 40 departments fit', () => {
  expectAccepted(escalationCard(items(300), TODAY));
  const digest = digestCard({ today: TODAY, items: items(2000), campaigns: new Map([[1, '2026年承诺']]), accounts: new Map(), completedSince: new Date('2026-11-18'), now: new Date('2026-11-25') })!;
  const { feishu } = expectAccepted(digest);
  expect(feishu).toContain('各单位完成情况');
});

test('with PUBLIC_URL set, a card cut to fit links to the console instead of naming a command', () => {
  setConsolePublicUrl('https://duban.example.gov.cn');
  try {
    const { feishu } = expectAccepted(escalationCard(items(400), TODAY));
    expect(feishu).toContain('[在控制台查看全部事项](https://duban.example.gov.cn/console)');
    expect(feishu).not.toContain('发送 /overdue');
  } finally {
    setConsolePublicUrl(undefined);
  }
});

const numbered = (n: number): Card => ({
  title: '待确认的绑定申请', tone: 'blue',
  blocks: [markdown('确认：/bind 通过 编号'), markdown(Array.from({ length: n }, (_, i) => `${i + 1}. 申请人${i}（账号 ou_${i}）申请绑定为 **领导${i}**（第${i % 3}局）`).join('\n'))],
  departments: Object.fromEntries(Array.from({ length: n }, (_, i) => [i + 1, `第${i % 3}局`])),
  entryNoun: '条申请', seeAll: '/bind', seeAllHint: '处理以上申请后，再发送 /bind 查看其余申请。', consolePath: null,
});

test('numbered entries are counted with the card\'s noun and departments, with no colour counts, and the card\'s own hint', () => {
  const { feishu, dingtalk } = expectAccepted(numbered(700));
  const summary = JSON.parse(feishu).body.elements.at(-1).content as string;
  const listed = (feishu.match(/\d+\. 申请人/g) ?? []).length;
  expect(summary).toContain(`另有 ${700 - listed} 条申请未逐条列出`);
  expect(summary).toMatch(/^按单位：第\d局 \d+ · 第\d局 \d+ · 第\d局 \d+$/m);
  expect(summary.split('\n')).toHaveLength(3);
  expect(summary).toContain('处理以上申请后，再发送 /bind 查看其余申请。');
  expect(feishu).toContain('确认：/bind 通过 编号');
  expect(dingtalk).toMatch(/另有 \d+ 条申请未逐条列出/);
});

test('a card whose console has no page for it names its command even with PUBLIC_URL set', () => {
  setConsolePublicUrl('https://duban.example.gov.cn');
  try {
    const { feishu } = expectAccepted(numbered(700));
    expect(feishu).not.toContain('duban.example.gov.cn');
    expect(feishu).toContain('再发送 /bind 查看其余申请');
  } finally {
    setConsolePublicUrl(undefined);
  }
});

test('what a builder had already left out ("……另有 N 项") is counted with what the cut leaves out', () => {
  const lines = items(400).map((i) => `🔴 #${i.id} ${i.text}`);
  const card: Card = { title: '周报', tone: 'red', blocks: [markdown(`${lines.join('\n')}\n……另有 500 项`)], seeAll: '/status' };
  const { feishu } = expectAccepted(card);
  const listed = (feishu.match(/🔴 #\d+/g) ?? []).length;
  expect(listed).toBeLessThan(400);
  expect(feishu).toContain(`另有 ${400 - listed + 500} 项未逐条列出`);
});

test('a department heading whose items were all cut is not left dangling above the summary', () => {
  // Each department one long item: the cut falls right after a heading on both platforms.
  const blocks = Array.from({ length: 12 }, (_, d) => [markdown(`**第${d}局**（1 项）`), markdown(`🔴 **#${d + 1}** ${'字'.repeat(2000)}`)]).flat();
  for (const fitted of [JSON.parse(JSON.stringify(toFeishuCard({ title: '提醒', tone: 'red', blocks, seeAll: '/overdue' }))).body.elements.map((e: any) => e.content as string), toDingTalkMarkdown({ title: '提醒', tone: 'red', blocks, seeAll: '/overdue' }).text.split('\n\n')]) {
    const beforeSummary = fitted[fitted.findIndex((t: string) => t.includes('未逐条列出')) - 1];
    expect(beforeSummary).toMatch(/#\d+/);
  }
});
