import type { Actor } from '../domain/actor';
import type { Card } from './card';
import { escapeMarkdown } from './text';

/** A chat account to @-mention in a card, on the platform it belongs to. */
export interface Account {
  platform: Actor['platform'];
  id: string;
  name: string;
}

/**
 * A neutral @-mention inside card markdown. Each renderer turns it into its
 * platform's own form (Feishu `<at id>`, DingTalk `@userId` + atUserIds, text
 * `@姓名`). User text cannot forge one: escapeMarkdown turns `<`, `|` and `>`
 * into entities.
 */
export function mention(account: Account): string {
  return `<@${account.platform}:${account.id}|${escapeMarkdown(account.name)}>`;
}

const TOKEN = /<@(feishu|dingtalk|shell|cli|system):([^|<>\s]+)\|([^<>]*)>/g;

/** Replaces every mention in `text` by what `render` makes of it (the name arrives escaped). */
export function renderMentions(text: string, render: (account: Account) => string): string {
  return text.replace(TOKEN, (_m, platform, id, name) => render({ platform, id, name }));
}

/** The accounts a card mentions on one platform, each once. */
export function mentionedAccounts(card: Card, platform: Actor['platform']): Account[] {
  const found = new Map<string, Account>();
  for (const block of card.blocks) {
    if (block.kind !== 'markdown') continue;
    renderMentions(block.text, (account) => {
      if (account.platform === platform) found.set(account.id, account);
      return '';
    });
  }
  return [...found.values()];
}
