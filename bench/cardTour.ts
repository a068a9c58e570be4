import type { OutboxRow } from '../db/schema';
import { deliverDue } from '../jobs/deliver';
import { runDigest } from '../jobs/digest';
import { RateLimiter } from '../jobs/rateLimiter';
import { planReminders } from '../jobs/reminders';
import type { App } from '../src/app';
import { Bot } from '../src/bot/bot';
import type { Actor } from '../src/domain/actor';
import { silentLogger } from '../src/logger';
import { DingTalkApi } from '../src/platforms/dingtalk/api';
import { DingTalkPlatform } from '../src/platforms/dingtalk/dingtalkPlatform';
import type { ChatPlatform } from '../src/platforms/platform';
import { ShellPlatform } from '../src/platforms/shell/shellPlatform';
import type { Card } from '../src/rendering/card';
import type { FakeDingTalk } from '../testkit/fakeDingTalk';
import type { FakeFeishu } from '../testkit/fakeFeishu';
import { drainOutbox, feishuAt } from '../testkit/jobs';
import { City, CITY_DAY } from './city';

/**
 * Every card type duban sends, built from the city-scale register and sent
 * through the real SDKs to the fake servers (which refuse what Feishu and
 * DingTalk refuse). Shared by the limits test and the bench's cards phase.
 */
export type CardType =
  | 'status' | 'status-all' | 'mine' | 'overdue' | 'due' | 'show' | 'bind' | 'review'
  | 'leader-reminder' | 'liaison-reminder' | 'office-reminder' | 'head-reminder' | 'escalation' | 'digest';

/** feishu: a JSON 2.0 card; dingtalk: robot markdown; dingtalk-card: an interactive card's variables. */
export type Channel = 'feishu' | 'dingtalk' | 'dingtalk-card';

export interface Delivered {
  type: CardType;
  channel: Channel;
  /** What the fake received for this one logical message: a card JSON, a markdown msgParam, or card variables. */
  messages: any[];
  /** The card before it was fitted (the commands' cards). */
  card?: Card;
  /** The outbox row it went out from (the jobs' cards). */
  row?: OutboxRow;
}

export const OFFICE: Actor = { platform: 'feishu', id: 'ou_office', name: '督查室' };

function commands(city: City): { type: CardType; actor: Actor; text: string }[] {
  return [
    { type: 'status', actor: OFFICE, text: `/status ${city.departmentNames[0]}` },
    { type: 'status-all', actor: OFFICE, text: '/status' },
    { type: 'mine', actor: { platform: 'feishu', id: city.liaison, name: '联络员' }, text: '/mine' },
    { type: 'overdue', actor: OFFICE, text: '/overdue' },
    { type: 'due', actor: OFFICE, text: '/due 30' },
    { type: 'show', actor: OFFICE, text: `/show ${city.longTimelineId}` },
    { type: 'bind', actor: OFFICE, text: '/bind' },
    { type: 'review', actor: OFFICE, text: '/review' },
  ];
}

export interface Fakes {
  feishu: FakeFeishu;
  dingtalk: FakeDingTalk;
}

function dingTalkAt(fake: FakeDingTalk, cardTemplateId?: string): DingTalkPlatform {
  return new DingTalkPlatform(new DingTalkApi({ appKey: 'k', appSecret: 's', robotCode: 'r', apiBase: fake.url, cardTemplateId }), silentLogger, async () => undefined);
}

/** What each fake received since `mark()`, per channel. */
function received(fakes: Fakes) {
  let at = { feishu: 0, dingtalk: 0, cards: 0 };
  const mark = () => (at = { feishu: fakes.feishu.posted.length, dingtalk: fakes.dingtalk.sent.length, cards: fakes.dingtalk.cards.length });
  const since = (channel: Channel): any[] =>
    channel === 'feishu' ? fakes.feishu.posted.slice(at.feishu).map((p) => p.card)
      : channel === 'dingtalk' ? fakes.dingtalk.sent.slice(at.dingtalk).map((s) => s.param)
        : fakes.dingtalk.cards.slice(at.cards).map((c) => c.params);
  return { mark, since };
}

/** The commands' cards, each sent once on Feishu, as DingTalk markdown and as a DingTalk interactive card. */
export async function deliverCommandCards(app: App, city: City, fakes: Fakes): Promise<Delivered[]> {
  const bot = new Bot(app, new ShellPlatform(() => undefined), silentLogger);
  const channels: [Channel, ChatPlatform][] = [['feishu', feishuAt(fakes.feishu)], ['dingtalk', dingTalkAt(fakes.dingtalk)], ['dingtalk-card', dingTalkAt(fakes.dingtalk, 'tpl_duban')]];
  const out: Delivered[] = [];
  const seen = received(fakes);
  for (const { type, actor, text } of commands(city)) {
    const card = await bot.runText(actor, { platform: actor.platform, id: `p2p-${actor.id}`, type: 'p2p' }, text);
    for (const [channel, platform] of channels) {
      seen.mark();
      await platform.send({ userId: channel === 'feishu' ? 'ou_office' : 'dt_office' }, card, `tour-${type}-${channel}`);
      out.push({ type, channel, card, messages: seen.since(channel) });
    }
  }
  return out;
}

function rowType(row: OutboxRow): CardType | null {
  if (row.kind === 'digest') return 'digest';
  if (row.kind === 'escalation') return 'escalation';
  if (row.kind !== 'reminder') return null;
  if (/^(ou|dt)_office$/.test(row.target_id)) return 'office-reminder';
  // The 红色督办单 to the office heads.
  if (row.target_id === 'ou_head') return 'head-reminder';
  return /_liaison_/.test(row.target_id) ? 'liaison-reminder' : 'leader-reminder';
}

/** The day's reminders, escalations and weekly digests, planned and delivered through the outbox. */
export async function deliverJobCards(app: App, fakes: Fakes): Promise<Delivered[]> {
  await planReminders(app, CITY_DAY);
  await runDigest(app, CITY_DAY);
  const platforms = { feishu: feishuAt(fakes.feishu), dingtalk: dingTalkAt(fakes.dingtalk) };
  const out: Delivered[] = [];
  const seen = received(fakes);
  seen.mark();
  const afterSend = (row: OutboxRow) => {
    const type = rowType(row);
    if (type) out.push({ type, channel: row.platform as Channel, row, messages: seen.since(row.platform as Channel) });
    seen.mark();
  };
  const limiter = new RateLimiter(100_000, 100_000);
  await drainOutbox(app.db, () => deliverDue(app, { platforms, limiter, log: silentLogger, batch: 50, afterSend, random: () => 0 }), { pauseMs: 10, timeoutMs: 600_000 });
  return out;
}
