import type { Actor } from '../domain/actor';
import type { CommitmentView } from '../register/commitments';
import { loadCommitment } from '../register/commitments';
import { roleOn } from '../register/accounts';
import { DepartmentNotFound, departmentNotFoundText } from '../register/departments';
import type { Card } from '../rendering/card';
import { notice, NOTHING_TO_DO, refusal } from '../rendering/card';
import { echo } from '../rendering/text';
import type { CommandContext } from './types';

/**
 * A reply that ends a command early, saying why: `refused` (bad input, missing
 * item, no permission) or `unchanged` (a repeat: a second click, someone else
 * decided first). The kind is what a card button's toast is decided by.
 */
export class Reply extends Error {
  readonly card: Card;

  constructor(readonly kind: 'refused' | 'unchanged', readonly text: string, card?: Card) {
    super(text);
    this.card = card ?? (kind === 'refused' ? refusal(text) : notice(NOTHING_TO_DO, text, 'grey'));
  }
}

/** Ends the command with a refusal saying `text`. */
export const refuse = (text: string): Reply => new Reply('refused', text);

/** The early end `error` stands for, or null when it is a failure: a department not found is refused, naming close ones. */
export function asReply(error: unknown): Reply | null {
  if (error instanceof Reply) return error;
  if (error instanceof DepartmentNotFound) return refuse(departmentNotFoundText(error.query, error.ambiguous, error.candidates, echo, '发送 /status 查看全部部门。'));
  return null;
}

export const MAX_NOTE_LENGTH = 1000;

/** "37", "#37", "＃３７" → 37. */
export function parseItemId(text: string | undefined): number | null {
  if (!text) return null;
  const normalised = text.normalize('NFKC').replace(/^#/, '');
  if (!/^\d{1,9}$/.test(normalised)) return null;
  return Number(normalised);
}

export async function requireItem(ctx: CommandContext, usage: string): Promise<CommitmentView> {
  const raw = ctx.argv[0];
  if (!raw) throw refuse(`缺少事项编号。用法：${usage}`);
  const id = parseItemId(raw);
  if (id === null) throw refuse(`“${echo(raw, 20)}”不是事项编号。编号是列表里 # 后面的数字，例如 #12。\n用法：${usage}`);
  const item = await loadCommitment(ctx.app.db, id);
  if (!item) throw refuse(`没有编号为 #${id} 的事项。可以先用 /status 部门名 查看编号。`);
  return item;
}

/** Refuses politely, naming who can act, unless the actor may change the item. */
export async function requireRole(ctx: CommandContext, item: CommitmentView): Promise<void> {
  const role = await roleOn(ctx.app.db, ctx.app.config, ctx.actor, item);
  if (role) return;
  const leaders = item.leaders.map((l) => l.name).join('、');
  const who = [
    leaders ? `责任领导（${leaders}）` : null,
    item.departmentName ? `${item.departmentName}的联络员` : null,
    '督查室管理员',
  ].filter(Boolean).join('、');
  throw refuse(`抱歉，您不能修改 #${item.id}。可以办理的人：${who}。\n${howToIdentify(ctx.actor)}`);
}

/** How a person makes themselves known: in chat by binding their account; in the local shell by starting as themselves. */
export function howToIdentify(actor: Actor): string {
  return actor.platform === 'shell'
    ? '本地会话按姓名识别身份：请以 npm start -- --as 您的姓名 重新进入（例如 --as 童安胜）。'
    : '如果您是责任领导，请先发送 /bind 您的姓名 绑定账号（例如 /bind 童安胜），督查室确认后即可办理。';
}

/** The rest of the arguments after the item id, as typed; length-checked. */
export function noteAfterId(ctx: CommandContext, max = MAX_NOTE_LENGTH): string {
  const note = ctx.args.replace(/^[\s\u3000]*\S+/, '').trim();
  if ([...note].length > max) {
    throw refuse(`说明太长了（${[...note].length}字），请控制在${max}字以内，较长的材料请作为文件发送。`);
  }
  return note;
}

/** The number at the end is a page: "/status 市发改局 2". */
export function splitPage(argv: string[]): { query: string; page: number } {
  const last = argv[argv.length - 1]?.normalize('NFKC');
  if (argv.length >= 1 && /^\d{1,3}$/.test(last)) return { query: argv.slice(0, -1).join(''), page: Number(last) };
  return { query: argv.join(''), page: 1 };
}
