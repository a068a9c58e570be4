import { alertColour, AlertColour, COLOUR_MARK } from '../domain/alertColour';
import type { CommitmentView } from '../register/commitments';
import { Block, Card, markdown, Tone } from './card';
import { itemButtons } from './itemCard';
import { departmentsOf, formatDeadline, leaderNames } from './items';
import { clip, escapeMarkdown } from './text';

/** Items shown with their own buttons; the rest are listed and /mine has them all. */
const WITH_BUTTONS = 8;

export function worstColour(colours: AlertColour[]): AlertColour {
  return colours.includes('red') ? 'red' : colours.includes('yellow') ? 'yellow' : colours.includes('blue') ? 'blue' : null;
}

const TONE: Record<'red' | 'yellow' | 'blue', Tone> = { red: 'red', yellow: 'yellow', blue: 'blue' };

export function colourOf(item: CommitmentView, today: string, windowDays: number): AlertColour {
  return alertColour(item, today, windowDays);
}

function itemBlock(item: CommitmentView, today: string, windowDays: number, withLeaders: boolean): string {
  const colour = colourOf(item, today, windowDays);
  return `${colour ? COLOUR_MARK[colour] : '⚪'} **#${item.id}** ${escapeMarkdown(clip(item.text, 60))}\n` +
    `　　${escapeMarkdown(item.departmentName ?? '')} · ${formatDeadline(item, today)}${withLeaders ? ` · ${leaderNames(item)}` : ''}` +
    `${item.progressPercent !== null ? ` · 进度${item.progressPercent}%` : ''}`;
}

/** One merged reminder: all of a leader's items due a reminder today, nearest deadline first. */
export function reminderCard(items: CommitmentView[], today: string, windowDays: number, options: { leader: string | null; note?: string }): Card {
  const sorted = [...items].sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.id - b.id);
  const colour = worstColour(sorted.map((i) => colourOf(i, today, windowDays)));
  const blocks: Block[] = [];
  if (options.note) blocks.push(markdown(`⚠️ ${escapeMarkdown(options.note)}`));
  blocks.push(markdown(`${options.leader ? `${escapeMarkdown(options.leader)}，您好：` : ''}以下 ${sorted.length} 项承诺事项临近或已超过完成时限，请及时办理、报送进展并提交佐证材料。`));
  sorted.forEach((item, index) => {
    blocks.push(markdown(itemBlock(item, today, windowDays, !options.leader)));
    if (index < WITH_BUTTONS) blocks.push({ kind: 'buttons', buttons: itemButtons(item) });
  });
  if (sorted.length > WITH_BUTTONS) blocks.push(markdown(`发送 /mine 查看全部事项。`));
  return {
    title: `督办提醒：${sorted.length} 项事项${colour === 'red' ? '已逾期' : '临近时限'}`, tone: colour ? TONE[colour] : 'blue', blocks,
    departments: departmentsOf(sorted), seeAll: options.leader ? '/mine' : '/overdue',
  };
}

/** Items overdue past the escalation threshold, reported to a department's liaisons and groups. */
export function escalationCard(department: string | null, items: CommitmentView[], today: string, windowDays: number): Card {
  return {
    title: `逾期通报：${department ?? '未定部门'} ${items.length} 项`,
    tone: 'red',
    departments: departmentsOf(items),
    seeAll: '/overdue',
    blocks: [
      markdown(`以下事项已超过完成时限，请责任领导尽快办结或说明情况。`),
      markdown(items.map((i) => itemBlock(i, today, windowDays, true)).join('\n')),
    ],
  };
}
