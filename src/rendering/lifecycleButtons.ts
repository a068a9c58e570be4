import type { Button } from './card';

/**
 * The office's loop on card buttons, as plain data: a button's `value.action`
 * names the command it stands for, and commands/cardActions runs exactly that
 * command on the item (as `/approve 12` would), so a click and a typed command
 * take one code path. Any platform's card renderer can map these. Actions that
 * need text from the user (a reason, a date) answer with the command to type instead.
 */
export const LIFECYCLE_BUTTONS = {
  ack: { label: '签收', command: '/ack', style: 'primary', needsText: null },
  approve: { label: '通过销号', command: '/approve', style: 'primary', needsText: null },
  return: { label: '退回', command: '/return', style: 'danger', needsText: '原因' },
  grant: { label: '同意延期', command: '/grant', style: 'primary', needsText: null },
  deny: { label: '不同意延期', command: '/deny', style: 'danger', needsText: '原因' },
  urge: { label: '催办', command: '/urge', style: 'default', needsText: null },
} as const;

export type LifecycleButtonAction = keyof typeof LIFECYCLE_BUTTONS;

export function isLifecycleAction(action: unknown): action is LifecycleButtonAction {
  return typeof action === 'string' && Object.prototype.hasOwnProperty.call(LIFECYCLE_BUTTONS, action);
}

export function lifecycleButtons(id: number, actions: LifecycleButtonAction[]): Button[] {
  return actions.map((action) => {
    const b = LIFECYCLE_BUTTONS[action];
    return {
      label: b.label,
      value: { action, id },
      command: `${b.command} ${id}${b.needsText ? ` ${b.needsText}` : ''}`,
      style: b.style,
    };
  });
}
