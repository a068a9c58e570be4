import { NO_DEPARTMENT } from '../domain/departmentNames';
import { Colour, itemSignal } from '../domain/itemState';
import type { CommitmentView } from '../register/commitments';
import { Block, Card, markdown, Tone } from './card';
import { itemButtons } from './itemCard';
import { COLOUR_TONE, departmentsOf, formatDeadline, leaderNames } from './items';
import { Account, mention } from './mention';
import { clip, escapeMarkdown } from './text';

/** Items shown with their own buttons; the rest are listed, and the hint says where to see them all. */
const WITH_BUTTONS = 8;

const SEVERITY: Colour[] = ['red', 'yellow', 'blue', 'green', 'none'];

export function worstColour(colours: Colour[]): Colour {
  return SEVERITY.find((c) => colours.includes(c)) ?? 'none';
}

/** `leaders`: false to leave them out, true to name them, or how to show them (a group's @-mentions). */
function itemBlock(item: CommitmentView, today: string, leaders: boolean | ((item: CommitmentView) => string), flag = ''): string {
  const who = typeof leaders === 'function' ? leaders(item) : leaders ? leaderNames(item) : '';
  return `${itemSignal(item, today).mark} **#${item.id}** ${escapeMarkdown(clip(item.text, 60))}${flag}\n` +
    `　　${formatDeadline(item, today)}${who ? ` · ${who}` : ''}` +
    `${item.progressPercent !== null ? ` · 进度${item.progressPercent}%` : ''}`;
}

/** Items in department groups: the group with the most urgent item first, nearest deadline first inside. */
export function byDepartment(items: CommitmentView[]): { department: string; items: CommitmentView[] }[] {
  const sorted = [...items].sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.id - b.id);
  const groups = new Map<string, CommitmentView[]>();
  for (const item of sorted) {
    const name = item.departmentName ?? NO_DEPARTMENT;
    (groups.get(name) ?? groups.set(name, []).get(name)!).push(item);
  }
  return [...groups].map(([department, list]) => ({ department, items: list }));
}

/**
 * "4 项事项临近时限", "2 项事项已逾期", "3 项交办事项待签收", "5 项事项，其中 2 项已逾期":
 * the counts are those of the items listed.
 */
function headline(items: CommitmentView[], today: string, unacknowledged: number[]): string {
  const n = items.length;
  const overdue = items.filter((i) => i.deadline !== null && i.deadline < today).length;
  const unacked = items.filter((i) => unacknowledged.includes(i.id)).length;
  if (overdue === n) return `${n} 项事项已逾期`;
  if (unacked === n) return `${n} 项交办事项待签收`;
  if (!overdue && !unacked) return `${n} 项事项临近时限`;
  return `${n} 项事项，其中 ${[overdue && `${overdue} 项已逾期`, unacked && `${unacked} 项待签收`].filter(Boolean).join('、')}`;
}

export interface ReminderOptions {
  audience: 'leader' | 'liaison' | 'office';
  /** The leader greeted, on a leader's own card. */
  leader: string | null;
  /** Unbound leaders whose items the recipient is asked to pass on. */
  unbound: string[];
  /** Items reported because they are long overdue. */
  escalated: number[];
  escalateAfterDays: number;
  /** 交办 items not 签收ed in time: the recipient is asked to acknowledge them. */
  unacknowledged?: number[];
  /** Items this card is the 红色督办单 for (the office heads). */
  redSheet?: number[];
  escalateHeadAfterWorkdays?: number;
  /** What the recipient calls their chat platform (飞书, 钉钉), for "not bound to a 飞书 account". */
  platformLabel?: string;
}

/** Unbound leaders named on a card; the office may have hundreds, and the items must still fit. */
const NAMED_UNBOUND = 10;

function namesOf(names: string[]): string {
  const named = names.slice(0, NAMED_UNBOUND).map(escapeMarkdown).join('、');
  return names.length > NAMED_UNBOUND ? `${named} 等 ${names.length} 位领导` : named;
}

/** What a card cut to fit (fitCard) tells the recipient to send to see everything. */
const SEE_ALL: Record<ReminderOptions['audience'], string> = { leader: '/mine', liaison: '/mine', office: '/overdue' };

const HINTS: Record<ReminderOptions['audience'], string> = {
  leader: '发送 /mine 查看您负责的全部事项。',
  liaison: '发送 /mine 查看您联络部门的全部事项。',
  office: '发送 /overdue 查看全部逾期事项，/status 部门名 查看一个部门。',
};

/**
 * The day's one reminder for one recipient: every item addressed to them,
 * grouped by department, with what they are asked to do about each kind.
 */
export function reminderCard(items: CommitmentView[], today: string, options: ReminderOptions): Card {
  const groups = byDepartment(items);
  const colour = worstColour(items.map((i) => itemSignal(i, today).colour));
  const blocks: Block[] = [];
  const own = options.audience === 'leader' && options.leader;
  const onlyUnacknowledged = items.every((i) => options.unacknowledged?.includes(i.id));
  blocks.push(markdown(`${own ? `${escapeMarkdown(options.leader!)}，您好：` : ''}${onlyUnacknowledged
    ? `以下 ${items.length} 项交办事项已超过签收时限，请签收后办理。`
    : `以下 ${items.length} 项承诺事项临近或已超过完成时限，请及时办理、报送进展并提交佐证材料。`}`));
  const relayed = items.filter((i) => i.leaders.some((l) => options.unbound.includes(l.name)));
  if (options.unbound.length && relayed.length) {
    blocks.push(markdown(`⚠️ ${namesOf(options.unbound)} 尚未绑定${options.platformLabel ?? ''}账号（${relayed.length} 项），请代为转告，并提醒其发送 /bind 姓名 完成绑定。`));
  }
  const undetermined = items.filter((i) => !i.leaders.length).length;
  if (undetermined) blocks.push(markdown(`⚠️ 其中 ${undetermined} 项尚未核定责任领导，请核定后导入（导出表格、填写责任领导、再导入）。`));
  const sheet = items.filter((i) => options.redSheet?.includes(i.id));
  if (sheet.length) {
    // A count, not the ids: the items are marked 🟥 in their groups, and a card cut to fit keeps this line.
    blocks.unshift(markdown(`🟥 **红色督办单**：${sheet.length === items.length ? '以下' : '其中标 🟥 的'} ${sheet.length} 项逾期已超过 ${options.escalateHeadAfterWorkdays} 个工作日仍未办结，请督查室领导督办。`));
  }
  const unacked = items.filter((i) => options.unacknowledged?.includes(i.id)).length;
  if (unacked) blocks.push(markdown(`📨 其中 ${unacked} 项交办事项尚未签收，请点击“签收”或发送 /签收 编号 确认收到。`));
  const escalated = items.filter((i) => options.escalated.includes(i.id)).length;
  if (escalated) blocks.push(markdown(`🔺 其中 ${escalated} 项逾期已超过 ${options.escalateAfterDays} 天，请督促责任领导尽快办结或说明情况。`));
  let shown = 0;
  for (const group of groups) {
    blocks.push(markdown(`**${escapeMarkdown(group.department)}**（${group.items.length} 项）`));
    for (const item of group.items) {
      const flag = options.redSheet?.includes(item.id) ? ' 🟥' : options.escalated.includes(item.id) ? ' 🔺' : '';
      blocks.push(markdown(itemBlock(item, today, !own, flag)));
      if (shown++ < WITH_BUTTONS) blocks.push({ kind: 'buttons', buttons: itemButtons(item) });
    }
  }
  blocks.push(markdown(HINTS[options.audience]));
  return {
    title: sheet.length
      ? `红色督办单：${sheet.length === items.length ? `${sheet.length} 项事项逾期超过 ${options.escalateHeadAfterWorkdays} 个工作日` : headline(items, today, options.unacknowledged ?? [])}`
      : `督办提醒：${headline(items, today, options.unacknowledged ?? [])}`,
    tone: sheet.length ? 'red' : colour === 'none' ? 'blue' : COLOUR_TONE[colour], blocks,
    departments: departmentsOf(items), seeAll: SEE_ALL[options.audience],
  };
}

/**
 * A group's daily report of items overdue past the escalation threshold,
 * grouped by department. `accounts` (leader id → their account on the group's
 * platform) are @-mentioned, as in the weekly digest; the others are named.
 */
export function escalationCard(items: CommitmentView[], today: string, accounts: Map<number, Account> = new Map()): Card {
  const groups = byDepartment(items);
  const who = (item: CommitmentView) => (item.leaders.length
    ? item.leaders.map((l) => { const account = accounts.get(l.id); return account ? mention(account) : escapeMarkdown(l.name); }).join('、')
    : leaderNames(item));
  const title = groups.length === 1 ? `逾期通报：${groups[0].department} ${items.length} 项` : `逾期通报：${groups.length} 个部门 ${items.length} 项`;
  const blocks: Block[] = [markdown(`以下事项已超过完成时限，请责任领导尽快办结或说明情况。`)];
  for (const group of groups) {
    blocks.push(markdown(`**${escapeMarkdown(group.department)}**（${group.items.length} 项）\n` + group.items.map((i) => itemBlock(i, today, who)).join('\n')));
  }
  blocks.push(markdown('发送 /overdue 查看全部逾期事项。'));
  return { title, tone: 'red', blocks, departments: departmentsOf(items), seeAll: '/overdue' };
}
