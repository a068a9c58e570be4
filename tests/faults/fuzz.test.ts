import { commands } from '../../commands';
import type { Chat } from '../../src/bot/types';
import { toFeishuCard } from '../../src/rendering/feishuCard';
import { Harness, openHarness, shellUser } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '／', '/', '　', ' ', '\t', '\n', '\u0000', '\u202e', '\ufeff', '＃', '#', '１２', '12', '-1', '9'.repeat(40), '%', '％',
  "'; drop table commitments; --", '" or 1=1 --', '${process.exit()}', '<at id=all></at>', '@_user_1', '@_all', '**', '[x](http://e)',
  '市发改局', '发改', '局', '童安胜', '通过', '移除', '🔥', '👩‍👩‍👧', '\ud800', 'ÅÉÎ', 'ｓｔａｔｕｓ', 'Ｄｏｎｅ', '\\', '`', '…',
];

function fuzzedLine(next: () => number): string {
  const names = commands.flatMap((c) => [c.name, ...c.aliases]);
  const parts: string[] = [];
  if (next() < 0.8) parts.push(next() < 0.5 ? '/' : '／', names[Math.floor(next() * names.length)]);
  const count = Math.floor(next() * 8);
  for (let i = 0; i < count; i++) {
    if (next() < 0.3) {
      parts.push(String.fromCodePoint(Math.floor(next() * 0x2ffff)));
    } else {
      parts.push(PIECES[Math.floor(next() * PIECES.length)]);
    }
    if (next() < 0.5) parts.push(next() < 0.5 ? ' ' : '　');
  }
  if (next() < 0.05) parts.push('x'.repeat(5000 + Math.floor(next() * 20_000)));
  return parts.join('');
}

test('1,000 fuzzed command strings: each gets a reply or a clean refusal, nothing crashes, the register is unchanged', async () => {
  const next = random(20221103);
  const stranger = shellUser('随机路人');
  const chats: Chat[] = [{ platform: 'shell', id: 'shell', type: 'p2p' }, { platform: 'shell', id: 'oc_fuzz', type: 'group' }];
  const before = await h.snapshot();
  for (let i = 0; i < 1000; i++) {
    const line = fuzzedLine(next);
    const { card } = await h.say(stranger, line, { chat: chats[i % 2] });
    expect(card.title.length).toBeGreaterThan(0);
    const json = JSON.stringify(toFeishuCard(card));
    expect(Buffer.byteLength(json)).toBeLessThan(30 * 1024);
    expect(json).not.toContain('<at id=all>');
  }
  expect(await h.snapshot()).toEqual(before);
}, 120_000);
