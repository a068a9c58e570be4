/**
 * The platform-neutral message: every reply is one of these. Feishu renders it
 * as a JSON 2.0 card, the shell as text, DingTalk (later) as an ActionCard.
 */
export type Tone = 'blue' | 'green' | 'yellow' | 'orange' | 'red' | 'grey';

export interface ButtonValue {
  action: string;
  id?: number;
  [key: string]: string | number | undefined;
}

export interface Button {
  label: string;
  value: ButtonValue;
  /** The command a user could type instead; the shell shows it. */
  command: string;
  style?: 'primary' | 'danger' | 'default';
}

export type Block =
  | { kind: 'markdown'; text: string }
  | { kind: 'divider' }
  | { kind: 'buttons'; buttons: Button[] }
  /** A bar chart drawn against a full scale (`max`: 100 for rates), never against the largest row. */
  | { kind: 'bars'; title: string; rows: { label: string; value: number }[]; max: number };

export interface Card {
  title: string;
  tone: Tone;
  blocks: Block[];
  buttons?: Button[];
  /** The item this card is about, so a reply to it can attach evidence. */
  commitmentId?: number;
  /**
   * Entry → department, so that a card cut to fit can count what it left out
   * by department: keyed by item id for item lines (`#12`), by number for
   * numbered entries (`3. `).
   */
  departments?: Record<number, string>;
  /** What the card lists when not items (numbered entries or bullets), for "另有 N 条申请未逐条列出"; 项 (items) by default. */
  entryNoun?: string;
  /** On a card of items, what its numbered rows are (a digest's ranking: 个单位), counted apart from the items. */
  rowNoun?: string;
  /** The command that shows everything, named when a card is cut to fit. */
  seeAll?: string;
  /** Instead of "发送 <seeAll> 查看全部": the sentence saying how to see the rest (escaped). */
  seeAllHint?: string;
  /** The console page that shows everything (PUBLIC_URL set): `/console` by default; null when the console has none. */
  consolePath?: string | null;
}

export const markdown = (text: string): Block => ({ kind: 'markdown', text });

/** A one-block card, for confirmations and refusals. */
export function notice(title: string, text: string, tone: Tone = 'blue'): Card {
  return { title, tone, blocks: [markdown(text)] };
}

export const REFUSED = '无法办理';
/** The title of a reply to a repeat: a second click, a step someone else already took. */
export const NOTHING_TO_DO = '无需重复办理';

export const refusal = (text: string): Card => notice(REFUSED, text, 'red');

/** How many of `width` characters a bar of `value` fills on a scale of 0..max. */
export function barLength(value: number, max: number, width: number): number {
  return Math.round((Math.min(Math.max(value, 0), max) / Math.max(max, 1)) * width);
}
