import { markdown, type Card } from '../src/rendering/card';
import { toDingTalkMarkdown } from '../src/rendering/dingtalkCard';
import { escapeMarkdown } from '../src/rendering/escape';
import { toFeishuCard } from '../src/rendering/feishuCard';
import { toText } from '../src/rendering/textCard';
import { Harness, OFFICE, openHarness } from './helpers/harness';

/** What an outsider types or names a file, hoping a card shows it as markup. */
const HOSTILE = [
  '[点我领取](https://evil.example/x)',
  '<at id=all></at>',
  '<at user_id="all">所有人</at>',
  '<a href="https://evil.example">督查室通知</a>',
  '**紧急** ~~作废~~ `code` _斜体_ # 标题 | 表格',
  '<font color=red>伪造</font>',
  '![图](img_v2_evil)',
  '<@feishu:ou_admin|督查室>',
  '&lt;at id=all&gt;',
  '\u001b[2J\u001b[31m清屏\u202e反转\u0007',
];
const LINK = /\]\(|<a\s|<at|<font|<@|!\[/i;

function cardAbout(hostile: string): Card {
  return {
    title: hostile,
    tone: 'red',
    blocks: [markdown(`提交人：${escapeMarkdown(hostile)}`), { kind: 'buttons', buttons: [{ label: hostile, command: `/status ${hostile}`, value: { action: 'page' } }] }],
  };
}

describe.each(HOSTILE)('a hostile string %j', (hostile) => {
  const card = cardAbout(hostile);

  test('Feishu: the markdown shows it as text; titles and labels are plain_text', () => {
    const feishu = toFeishuCard(card) as any;
    const content: string = feishu.body.elements[0].content;
    expect(content).not.toMatch(LINK);
    expect(content).not.toMatch(/\*\*|~~|`|\u001b|\u202e/);
    expect(feishu.header.title.tag).toBe('plain_text');
  });

  test('DingTalk: neither the markdown nor the title, labels or commands carry markup', () => {
    const { text } = toDingTalkMarkdown(card);
    expect(text).not.toMatch(LINK);
    expect(text).not.toMatch(/[[\]<`|~\u001b\u202e]/);
    // Only the card's own structure is markup: the heading and the quote mark of the command line.
    expect(text.match(/\*\*/g) ?? []).toHaveLength(0);
    expect(text.split('\n').filter((l) => l.startsWith('#'))).toHaveLength(1);
  });

  test('text: the terminal shows what was typed, without control characters', () => {
    const text = toText(card);
    const visible = hostile.replace(/[\u0000-\u001f\u202e]/g, '');
    expect(text).toContain(`提交人：${visible}`);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
  });
});

describe('user text echoed by the bot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(async () => h.close());

  test('an unknown command’s name is escaped in the refusal', async () => {
    const { card } = await h.say(OFFICE, '/[点我](https://evil.example)');
    const content = (toFeishuCard(card) as any).body.elements[0].content as string;
    expect(content).toContain('没有“/');
    expect(content).not.toMatch(LINK);
    expect(toDingTalkMarkdown(card).text).not.toMatch(LINK);
  });

  test('an unknown command cannot mention everyone', async () => {
    const { card } = await h.say(OFFICE, '/<at id=all></at>');
    expect(JSON.stringify(toFeishuCard(card))).not.toContain('<at');
  });
});

describe('the console (HTML) escapes with the same rules', () => {
  test('markup, quotes and bidi or terminal controls are inert', async () => {
    const { html } = await import('../src/console/html');
    for (const text of HOSTILE) {
      const page = html`<p title="${text}">${text}</p>`.text;
      expect(page).not.toMatch(/<(?!\/?p\b)|\u001b|\u202e|\u0007/);
      expect(page.match(/"/g)).toHaveLength(2);
    }
  });
});
