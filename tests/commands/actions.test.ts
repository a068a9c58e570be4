import { toastFor } from '../../commands/cardActions';
import { done } from '../../commands/done';
import { commandContext } from '../../src/bot/runCommand';
import type { Chat } from '../../src/bot/types';
import type { Actor } from '../../src/domain/actor';
import { notice, refusal } from '../../src/rendering/card';
import { Harness, itemId, OFFICE, openHarness, P2P, shellUser } from '../helpers/harness';

/**
 * A command a card button stands for tells how it went (applied, refused,
 * unchanged), and the button's toast follows that, whatever its card says.
 */
let h: Harness;
let item: number; // 市委政法委 #3: 俞文胜、李红英
const leader = shellUser('李红英');
const stranger = shellUser('童安胜');

beforeAll(async () => {
  h = await openHarness({ env: { REVIEW_REQUIRED: 'false' } });
  item = await itemId(h.db, '市委政法委', 3);
});
afterAll(() => h.close());

const act = (who: Actor, args: string) => done.act(commandContext(h.app, who, P2P, { args, argv: args.split(' ') }));

test('/done tells refused, applied, then unchanged: the kind a button reads, with the message its toast shows', async () => {
  expect(await act(stranger, `${item}`)).toMatchObject({ kind: 'refused', message: expect.stringContaining('您不能修改') });
  expect(await act(shellUser('nobody'), 'x12')).toMatchObject({ kind: 'refused', message: expect.stringContaining('不是事项编号') });
  const applied = await act(leader, `${item}`);
  expect(applied).toMatchObject({ kind: 'applied', message: '✅ 已标记完成' });
  expect(applied.card.commitmentId).toBe(item);
  expect(await act(leader, `${item}`)).toMatchObject({ kind: 'unchanged', message: expect.stringContaining('已经办结') });
});

test('a toast follows the outcome, not the card: refused is an error even on a green card, applied a success on a red one', () => {
  expect(toastFor({ kind: 'refused', card: notice('已办结', '✅ 一切顺利', 'green'), message: '**不可以**办理。\n第二行' }))
    .toEqual({ toast: { type: 'error', content: '不可以办理。' } });
  expect(toastFor({ kind: 'applied', card: refusal('看起来像拒绝'), message: '✅ 已签收' }))
    .toEqual({ toast: { type: 'success', content: '✅ 已签收' }, card: refusal('看起来像拒绝') });
  expect(toastFor({ kind: 'unchanged', card: notice('x', 'y', 'blue'), message: `#${item} 已经签收过了` }))
    .toEqual({ toast: { type: 'info', content: `#${item} 已经签收过了` } });
});

test('a card button runs its command typed: a second 催办 the same day is unchanged, an unknown button has expired', async () => {
  const chat: Chat = { platform: 'shell', id: 'shell', type: 'p2p' };
  const other = await itemId(h.db, '市委政法委', 4);
  const click = (value: Record<string, unknown>) => h.bot.cardAction({ messageId: 'card', chat, operator: OFFICE, value });
  expect((await click({ action: 'urge', id: other })).toast.type).toBe('success');
  expect((await click({ action: 'urge', id: other })).toast).toEqual({ type: 'info', content: `#${other} 今天已经催办过了，每个事项每天最多催办一次` });
  expect((await click({ action: 'urge', id: 99_999 })).toast).toEqual({ type: 'error', content: '没有编号为 #99999 的事项。可以先用 /status 部门名 查看编号。' });
  expect((await click({ action: 'constructor', id: other })).toast).toEqual({ type: 'warning', content: '这个按钮已失效，请重新发送命令' });
});
