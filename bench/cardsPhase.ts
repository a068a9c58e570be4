import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../db/connection';
import type { App } from '../src/app';
import { ManualClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { feishuCardSize } from '../src/rendering/feishuCard';
import { FakeDingTalk } from '../testkit/fakeDingTalk';
import { FakeFeishu } from '../testkit/fakeFeishu';
import { Channel, deliverCommandCards, deliverJobCards, Delivered } from './cardTour';
import { buildCity, CITY_ENV, CITY_NOW, CITY_SCALE } from './city';
import type { Scale } from './generate';

/** The largest message of one card type on one channel, and how many of that type were cut to fit. */
export interface CardSize {
  bytes: number;
  /** Feishu: components (nested ones count); DingTalk card: sections and buttons; markdown: characters. */
  elements: number;
  sent: number;
  cut: number;
}

export type CardSizes = Record<string, Partial<Record<Channel, CardSize>>>;

function sizeOf(d: Delivered): { bytes: number; elements: number } {
  const m = d.messages[0];
  if (d.channel === 'feishu') return feishuCardSize(m);
  const bytes = Buffer.byteLength(JSON.stringify(m), 'utf8');
  if (d.channel === 'dingtalk') return { bytes, elements: [...String(m.text)].length };
  const sections = JSON.parse(m.sections) as { buttons: unknown[] }[];
  return { bytes, elements: sections.reduce((n, s) => n + 1 + s.buttons.length, 0) };
}

/**
 * Every card type at city scale (bench/city.ts), sent through the fake Feishu
 * and DingTalk servers as the limits test sends them; reports the largest of
 * each type per channel against the platforms' limits.
 */
export async function cardsPhase(open: () => Promise<{ db: Db; close(): Promise<void> }>, scale: Partial<Scale> = {}): Promise<CardSizes> {
  const { db, close } = await open();
  const feishu = await new FakeFeishu().start();
  const dingtalk = await new FakeDingTalk().start();
  try {
    const app: App = { db, config: loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bench-cards-')), ...CITY_ENV }), clock: new ManualClock(CITY_NOW) };
    const city = await buildCity(db, { ...CITY_SCALE, ...scale });
    const delivered = [...await deliverCommandCards(app, city, { feishu, dingtalk }), ...await deliverJobCards(app, { feishu, dingtalk })];
    const sizes: CardSizes = {};
    for (const d of delivered) {
      const size = sizeOf(d);
      const cut = JSON.stringify(d.messages[0]).includes('未逐条列出') ? 1 : 0;
      const byChannel = (sizes[d.type] ??= {});
      const previous = byChannel[d.channel];
      byChannel[d.channel] = !previous ? { ...size, sent: 1, cut }
        : { ...(size.bytes > previous.bytes ? size : previous), sent: previous.sent + 1, cut: previous.cut + cut };
    }
    return sizes;
  } finally {
    await feishu.stop();
    await dingtalk.stop();
    await close();
  }
}

const LIMITS: Record<Channel, string> = {
  feishu: 'Feishu: 30 KB, 200 components',
  dingtalk: 'DingTalk markdown: msgParam 15,000 bytes, 5,000 characters',
  'dingtalk-card': 'DingTalk card: held to 14,000 bytes',
};

export function cardsTable(sizes: CardSizes): string[][] {
  const channels: Channel[] = ['feishu', 'dingtalk', 'dingtalk-card'];
  return [
    ['largest card (cut/sent)', ...channels.map((c) => LIMITS[c])],
    ...Object.entries(sizes).map(([type, byChannel]) => [type, ...channels.map((c) => {
      const s = byChannel[c];
      return s ? `${s.bytes} B, ${s.elements} ${c === 'dingtalk' ? 'chars' : 'elements'} (${s.cut}/${s.sent})` : '—';
    })]),
  ];
}
