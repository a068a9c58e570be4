import type { App } from '../src/app';
import type { ActionCommand, ActionResult, CardActionResult, Chat } from '../src/bot/types';
import { commandContext } from '../src/bot/runCommand';
import type { Actor } from '../src/domain/actor';
import type { Card } from '../src/rendering/card';
import { isLifecycleAction, LIFECYCLE_BUTTONS, LifecycleButtonAction } from '../src/rendering/lifecycleButtons';
import { loadCommitment } from '../src/register/commitments';
import { openEvidenceWindow } from '../src/register/evidenceRequests';
import { ack } from './ack';
import { approve } from './approve';
import { done } from './done';
import { deny, grant } from './grant';
import { returnCommand } from './return';
import { urge } from './urge';

/** A click on a card button, as its handler sees it. */
export interface ButtonPress {
  app: App;
  actor: Actor;
  chat: Chat;
  /** What the card put on the button: `action`, the item `id`, a page's `command` and `page`. */
  value: Record<string, unknown>;
  /** Runs a command line as the one who clicked, as if typed (a page button carries its list's command). */
  runLine(text: string): Promise<Card>;
}

type ButtonHandler = (press: ButtonPress, id: number) => Promise<CardActionResult>;

/** The command each lifecycle button stands for (src/rendering/lifecycleButtons). */
const LIFECYCLE_COMMANDS: Record<LifecycleButtonAction, ActionCommand> = { ack, approve, return: returnCommand, grant, deny, urge };

const info = (content: string): CardActionResult => ({ toast: { type: 'info', content } });
const expired = async (): Promise<CardActionResult> => ({ toast: { type: 'warning', content: '这个按钮已失效，请重新发送命令' } });

/** A button that stands for a command runs it on the item; how it went decides the toast. */
async function actOn(command: ActionCommand, press: ButtonPress, id: number): Promise<CardActionResult> {
  return toastFor(await command.act(commandContext(press.app, press.actor, press.chat, { args: `${id}`, argv: [`${id}`] })));
}

/** Applied: a success toast and the updated card. Refused or unchanged (a second click): the reason, and the card stays. */
export function toastFor(result: ActionResult): CardActionResult {
  const content = result.message.split('\n')[0].replace(/\*\*/g, '').slice(0, 60);
  switch (result.kind) {
    case 'applied': return { toast: { type: 'success', content }, card: result.card };
    case 'unchanged': return info(content);
    case 'refused': return { toast: { type: 'error', content } };
  }
}

async function openEvidence(press: ButtonPress, id: number): Promise<CardActionResult> {
  if (!(await loadCommitment(press.app.db, id))) return { toast: { type: 'error', content: `没有编号为 #${id} 的事项` } };
  await openEvidenceWindow(press.app.db, { platform: press.chat.platform, chatId: press.chat.id, userId: press.actor.id }, id, press.app.clock.now());
  return info(`请在10分钟内发送图片或文件，或发送 /佐证 ${id} 文字或链接`);
}

async function askForProgress(_press: ButtonPress, id: number): Promise<CardActionResult> {
  return info(`请发送 /进展 ${id} 百分比 说明，例如 /进展 ${id} 60% 已完成主体工程`);
}

async function turnPage(press: ButtonPress): Promise<CardActionResult> {
  const command = String(press.value.command ?? '');
  if (!command.startsWith('/')) return expired();
  const page = Number(press.value.page) || 1;
  return { toast: { type: 'info', content: `第${page}页` }, card: await press.runLine(`${command} ${page}`) };
}

/** Buttons other than the lifecycle's, by their `value.action`. */
const BUTTONS: Record<string, ButtonHandler> = {
  done: (press, id) => actOn(done, press, id),
  evidence: openEvidence,
  progress: askForProgress,
  page: turnPage,
};

/**
 * A card button: the same effect as its command, answered with a toast and,
 * when something changed, the updated card. A lifecycle step that needs words
 * from the user (a reason) answers with what to type.
 */
export function pressButton(press: ButtonPress): Promise<CardActionResult> {
  const { action, id: rawId } = press.value;
  const id = typeof rawId === 'number' ? rawId : Number(rawId);
  if (isLifecycleAction(action)) {
    const button = LIFECYCLE_BUTTONS[action];
    if (button.needsText) return Promise.resolve(info(`请发送 ${button.command} ${id} ${button.needsText}`));
    return actOn(LIFECYCLE_COMMANDS[action], press, id);
  }
  const handler = typeof action === 'string' && Object.hasOwn(BUTTONS, action) ? BUTTONS[action] : expired;
  return handler(press, id);
}
