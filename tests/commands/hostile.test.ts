import { commands } from '../../commands';
import type { Chat } from '../../src/bot/types';
import { toFeishuCard } from '../../src/rendering/feishuCard';
import { Harness, OFFICE, openHarness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

const HOSTILE = [
  '字'.repeat(10_000),
  'a'.repeat(10_000),
  '🔥🏛️👩‍👩‍👧',
  "1; DROP TABLE commitments; --",
  "' OR '1'='1",
  '<at id=all></at> [点我](https://evil.example) **粗**',
  '\u0000\u0007\u202e\ufeff',
  '＃１２３４５６７８９０１２',
];
const GROUP: Chat = { platform: 'shell', id: 'oc_group', type: 'group' };

/**
 * Every command, with every hostile argument, as the most privileged user, in
 * a private chat and a group: a reply or a clean refusal, a card Feishu accepts,
 * no raw markup echoed back, and no change to the register.
 */
describe.each(commands.map((c) => [c.name]))('/%s with hostile input', (name) => {
  test.each(HOSTILE.map((s, i) => [i, s]))('input #%i', async (_i, input) => {
    for (const chat of [undefined, GROUP]) {
      const before = await h.snapshot();
      const { card } = await h.say(OFFICE, `/${name} ${input}`, { chat });
      const json = JSON.stringify(toFeishuCard(card));
      expect(Buffer.byteLength(json)).toBeLessThan(30 * 1024);
      expect(json).not.toContain('<at id=all>');
      expect(json).not.toContain('](https://evil');
      expect(await h.snapshot()).toEqual(before);
    }
  });
});

test('a whole message of 20,000 characters is refused before parsing', async () => {
  const { text } = await h.say(OFFICE, `/status ${'x'.repeat(20_000)}`);
  expect(text).toContain('消息太长了');
});
