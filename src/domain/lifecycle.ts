import { daysBetween } from '../clock';

/**
 * The office's loop, in one place: 待签收 → 办理中 → 待审核 → 已办结, and 退回
 * back to 办理中. Every state change in duban goes through `transition`; the
 * database's CHECK holds the same four names.
 */
export const STATES = ['待签收', '办理中', '待审核', '已办结'] as const;
export type LifecycleState = (typeof STATES)[number];

/** Items created by /交办 start here, until a leader or liaison 签收s; imported ones start 办理中 (the column default). */
export const ASSIGNED_STATE: LifecycleState = '待签收';
/** States in which the unit is working and reminders run. */
export const OPEN_STATES: LifecycleState[] = ['待签收', '办理中'];

export type LifecycleAction = 'ack' | 'report_done' | 'approve' | 'return';
/** The office (admins) decides; leaders and liaisons do the work. */
export type LifecycleRole = 'office' | 'leader' | 'liaison';

export interface LifecycleRules {
  /** Off: a reported completion closes the item directly (a small office's choice). */
  reviewRequired: boolean;
}

export type Refusal = 'forbidden' | 'already' | 'invalid';
export type TransitionResult =
  | { ok: true; next: LifecycleState }
  | { ok: false; refusal: Refusal; message: string };

const WHO_MAY: Record<LifecycleAction, LifecycleRole[]> = {
  ack: ['leader', 'liaison'],
  // The office may report on a unit's behalf; it still goes through review.
  report_done: ['leader', 'liaison', 'office'],
  approve: ['office'],
  return: ['office'],
};

const WHO_LABEL: Record<LifecycleAction, string> = {
  ack: '只有责任领导或部门联络员可以签收',
  report_done: '只有责任领导、部门联络员或督查室可以报送办结',
  approve: '只有督查室可以审核销号',
  return: '只有督查室可以退回',
};

const refuse = (refusal: Refusal, message: string): TransitionResult => ({ ok: false, refusal, message });

/** The next state, or why not. `role` null: the actor has no part in this item. */
export function transition(state: LifecycleState, action: LifecycleAction, role: LifecycleRole | null, rules: LifecycleRules): TransitionResult {
  if (!role || !WHO_MAY[action].includes(role)) return refuse('forbidden', WHO_LABEL[action]);
  switch (action) {
    case 'ack':
      return state === '待签收' ? { ok: true, next: '办理中' } : refuse('already', '已经签收过了');
    case 'report_done':
      if (state === '待审核') return refuse('already', '已报送办结，正在等待督查室审核');
      if (state === '已办结') return refuse('already', '已经办结');
      // Reporting completion implies receipt: a 待签收 item may go straight on.
      return { ok: true, next: rules.reviewRequired ? '待审核' : '已办结' };
    case 'approve':
      if (state === '已办结') return refuse('already', '已经审核销号');
      return state === '待审核' ? { ok: true, next: '已办结' } : refuse('invalid', '尚未报送办结，不能销号');
    case 'return':
      return state === '待审核' || state === '已办结' ? { ok: true, next: '办理中' } : refuse('invalid', '尚未报送办结，不需要退回');
  }
}

/** Who may ask for, and who may decide, an extension. */
export function mayRequestExtension(state: LifecycleState, role: LifecycleRole | null): TransitionResult {
  if (role !== 'leader' && role !== 'liaison') return refuse('forbidden', '只有责任领导或部门联络员可以申请延期');
  if (!OPEN_STATES.includes(state)) return refuse('invalid', state === '已办结' ? '已经办结，不需要延期' : '已报送办结，不需要延期');
  return { ok: true, next: state };
}

export function mayDecideExtension(role: LifecycleRole | null): boolean {
  return role === 'office';
}

/** The deadline a completion is measured against: the current one (a granted extension moved it lawfully). */
export function daysLate(item: { deadline: string | null }, completedOn: string | null): number {
  if (!item.deadline || !completedOn) return 0;
  return Math.max(0, daysBetween(item.deadline, completedOn));
}

/** `late` of the register contract: completed, or still open, after the original deadline. */
export function lateAgainstOriginal(item: { deadline: string | null; originalDeadline: string | null }, completedOn: string | null, today: string): boolean {
  const original = item.originalDeadline ?? item.deadline;
  if (!original) return false;
  return (completedOn ?? today) > original;
}
