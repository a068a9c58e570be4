import type { Colour } from './itemState';

type AlertColour = Colour | null;

/**
 * 三级督办: escalation widens the audience instead of repeating the message.
 * Blue (提醒) goes to the leaders; yellow (预警) to the leaders and liaisons;
 * red (督办) to the leaders, from `escalateAfterDays` overdue also to the
 * liaisons and the department's groups, and once the item has been overdue
 * `escalateHeadAfterWorkdays` workdays a 红色督办单 to the office heads, once
 * (`headsTold`: a day the job did not run does not lose it, a later day does not repeat it).
 * A pending review or extension request pauses it all: the unit has acted and
 * the office holds the next move.
 */
export interface Audiences {
  leaders: boolean;
  liaisons: boolean;
  groups: boolean;
  heads: boolean;
}

export interface EscalationSettings {
  escalateAfterDays: number;
  escalateHeadAfterWorkdays: number;
}

const NOBODY: Audiences = { leaders: false, liaisons: false, groups: false, heads: false };

export function audiences(
  item: { colour: AlertColour; overdueDays: number; overdueWorkdays: number; paused: boolean; headsTold?: boolean },
  settings: EscalationSettings,
): Audiences {
  if (item.paused || !item.colour) return NOBODY;
  if (item.colour === 'blue') return { ...NOBODY, leaders: true };
  if (item.colour === 'yellow') return { ...NOBODY, leaders: true, liaisons: true };
  const widened = item.overdueDays >= settings.escalateAfterDays;
  return { leaders: true, liaisons: widened, groups: widened, heads: item.overdueWorkdays >= settings.escalateHeadAfterWorkdays && !item.headsTold };
}
