import type { Platform } from '../domain/actor';
import type { App } from '../app';
import { endOfShanghaiDay, shanghaiDay, startOfShanghaiDay } from '../clock';
import { weekStart } from '../domain/workdays';
import type { Card } from '../rendering/card';
import { digestCard } from '../rendering/digestCard';
import type { Account } from '../rendering/mention';
import { loadCampaigns } from '../register/campaigns';
import { CommitmentView, loadCommitments } from '../register/commitments';
import { boundLeaders } from '../register/leaders';

/** What every group's bulletin is cut from, loaded once per run. */
export interface DigestSource {
  items: CommitmentView[];
  campaigns: Map<number, string>;
  /** Per platform: leader id → the account they are bound to there. */
  accounts: Record<string, Map<number, Account>>;
  now: Date;
}

export async function loadDigestSource(app: App, day: string, departmentIds: number[] = []): Promise<DigestSource> {
  const items = await loadCommitments(app.db, departmentIds.length ? { departmentIds } : {});
  const campaigns = new Map((await loadCampaigns(app.db)).map((c) => [c.id, c.title]));
  const accounts: DigestSource['accounts'] = { feishu: new Map(), dingtalk: new Map() };
  for (const l of await boundLeaders(app.db)) {
    if (l.feishuOpenId) accounts.feishu.set(l.id, { platform: 'feishu', id: l.feishuOpenId, name: l.name });
    if (l.dingtalkStaffId) accounts.dingtalk.set(l.id, { platform: 'dingtalk', id: l.dingtalkStaffId, name: l.name });
  }
  const now = app.clock.now();
  return {
    items, campaigns,
    accounts,
    now: shanghaiDay(now) === day ? now : endOfShanghaiDay(day),
  };
}

/** The bulletin for a group following `departmentIds` (all departments when empty). */
export function digestFor(source: DigestSource, departmentIds: number[], day: string, platform: Platform): Card | null {
  const wanted = new Set(departmentIds);
  const items = departmentIds.length ? source.items.filter((i) => i.departmentId !== null && wanted.has(i.departmentId)) : source.items;
  return digestCard({
    today: day, items, campaigns: source.campaigns,
    // Leaders bound on the group's platform are @-mentioned; the others are named.
    accounts: source.accounts[platform] ?? new Map(),
    completedSince: startOfShanghaiDay(weekStart(day)),
    now: source.now,
  });
}

export async function buildDigest(app: App, departmentIds: number[], day: string, platform: Platform = 'feishu'): Promise<Card | null> {
  return digestFor(await loadDigestSource(app, day, departmentIds), departmentIds, day, platform);
}
