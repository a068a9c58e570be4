import { itemState, summarise } from '../domain/itemState';
import { completedBetween, dueAhead, overdueUnfinished, rankDepartments, summariseByCampaign } from '../domain/weeklyFigures';
import type { CommitmentView } from '../register/commitments';
import { Block, Card, markdown } from './card';
import { countsLine, departmentsOf, formatDeadline, stateLabel } from './items';
import { Account, mention } from './mention';
import { clip, escapeMarkdown } from './text';

export interface DigestInput {
  today: string;
  /** Items of the departments the group follows. */
  items: CommitmentView[];
  campaigns: Map<number, string>;
  /** Leader id → their account on the group's platform, for at-mentioning those bound there. */
  accounts: Map<number, Account>;
  completedSince: Date;
  now: Date;
}

const MAX_LISTED = 20;

function listed(items: CommitmentView[], line: (i: CommitmentView) => string): string {
  const shown = items.slice(0, MAX_LISTED).map(line).join('\n');
  return items.length > MAX_LISTED ? `${shown}\n……另有 ${items.length - MAX_LISTED} 项` : shown;
}

/** The weekly bulletin (通报) for one group, or null when there is nothing to report. */
export function digestCard(input: DigestInput): Card | null {
  const { items, today } = input;
  if (!items.length) return null;
  const blocks: Block[] = [];

  const campaignLines = summariseByCampaign(items, today).map(({ campaignId, summary: s }) => {
    return `**${escapeMarkdown(input.campaigns.get(campaignId) ?? '承诺批次')}**：共 ${s.total} 项 · ${countsLine(s)} · 完成率 **${s.rate}%**`;
  });
  blocks.push(markdown(campaignLines.join('\n')));

  // The most urgent first, so a card cut to fit keeps them and drops the tail (the ranking).
  // Most overdue first, those with named leaders listed; items whose leaders are undetermined folded into one line.
  const overdue = overdueUnfinished(items, today);
  if (overdue.length) {
    const who = (i: CommitmentView) => i.leaders.map((l) => {
      const account = input.accounts.get(l.id);
      return account ? mention(account) : escapeMarkdown(l.name);
    }).join('、');
    const named = overdue.filter((i) => i.leaders.length);
    const undetermined = overdue.filter((i) => !i.leaders.length);
    const lines = [`**逾期事项（${overdue.length}）**`];
    if (named.length) lines.push(listed(named, (i) => `🔴 #${i.id} ${escapeMarkdown(clip(i.text, 40))} · ${formatDeadline(i, today)} · ${who(i)}`));
    if (undetermined.length) {
      const ids = undetermined.slice(0, 10).map((i) => `#${i.id}`).join('、') + (undetermined.length > 10 ? ' 等' : '');
      lines.push(`🔴 另有 ${undetermined.length} 项责任领导待核定（${ids}）`);
    }
    lines.push('发送 /overdue 查看全部逾期事项。');
    blocks.push(markdown(lines.join('\n')));
  }
  const dueSoon = dueAhead(items, today);
  if (dueSoon.length) {
    blocks.push(markdown(`**14天内到期（${dueSoon.length}）**\n` + listed(dueSoon, (i) => `🔵 #${i.id} ${escapeMarkdown(clip(i.text, 40))} · ${formatDeadline(i, today)}`)));
  }
  // 办结 is the office's approval (销号), not the unit's own report.
  const completed = completedBetween(items, input.completedSince, input.now);
  if (completed.length) {
    blocks.push(markdown(`**本周办结（${completed.length}）**\n` + listed(completed, (i) =>
      `✅ #${i.id} ${escapeMarkdown(clip(i.text, 40))}（${escapeMarkdown(i.departmentName ?? '')}）${itemState(i, today) === 'done_late' ? ` · ${stateLabel(i, today)}` : ''}`)));
  }
  const ranking = rankDepartments(items, today);
  blocks.push(markdown('**各单位完成情况（按完成率排名）**\n' + ranking.map((r, i) =>
    `${i + 1}. ${escapeMarkdown(r.name)}：${r.summary.total} 项 · 已办结 ${r.summary.done}${r.summary.doneLate ? `（逾期办结 ${r.summary.doneLate}）` : ''} · 逾期未办结 ${r.summary.overdue} · ${r.summary.rate}%`).join('\n')));
  blocks.push({ kind: 'bars', title: '各单位完成率（%）', rows: ranking.map((r) => ({ label: r.name, value: r.summary.rate })), max: 100 });

  const total = summarise(items, today);
  return { title: `督办周报：完成率 ${total.rate}%，逾期 ${total.overdue} 项`, tone: total.overdue ? 'red' : 'blue', blocks, departments: departmentsOf(items), rowNoun: '个单位', seeAll: '/status' };
}
