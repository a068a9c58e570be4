import type { Platform } from '../src/domain/actor';
import { parseItemId, refuse, Reply } from '../src/bot/arguments';
import type { Command, CommandContext } from '../src/bot/types';
import { isAdmin } from '../src/register/accounts';
import { bindLeaderAccount, bindRequest, PendingBindRequest, pendingBindRequests, rejectBindRequest, requestBinding } from '../src/register/bindings';
import { findLeader, leaderById, LeaderWithDepartment } from '../src/register/leaders';
import { markdown, notice } from '../src/rendering/card';
import { echo, escapeMarkdown } from '../src/rendering/text';
import { enqueue } from '../jobs/outbox';

/** The word that confirms moving a leader already bound to another account. */
const TAKEOVER = '接管';

/** The leader the words name ("童安胜", "张伟 市发改局"); namesakes must be told apart by department. */
async function leaderNamed(ctx: CommandContext, words: string[]): Promise<LeaderWithDepartment> {
  const found = await findLeader(ctx.app.db, words);
  if (found.kind === 'found') return found.leader;
  const typed = words.join(' ');
  if (found.kind === 'unknown') throw refuse(`名单中没有责任领导“${echo(typed, 20)}”，请核对姓名（同名时写明单位）。`);
  const name = found.leaders[0].name;
  throw refuse(`名单中有 ${found.leaders.length} 位“${escapeMarkdown(name)}”（${found.leaders.map((l) => escapeMarkdown(l.department ?? '未定单位')).join('、')}），请写明单位，例如 /bind ${escapeMarkdown(name)} ${escapeMarkdown(found.leaders[0].department ?? '单位')}。`);
}

/**
 * Links a leader to an account on `platform` (the account's own platform). A leader
 * already bound to another account is moved only with `confirmCommand`'s explicit
 * 接管, and the previous account is told.
 */
async function bindAccount(ctx: CommandContext, leader: LeaderWithDepartment, platform: Platform, userId: string, userName: string | null, takeover: { confirmed: boolean; confirmCommand: string }) {
  if (platform !== 'feishu' && platform !== 'dingtalk') return notice('无需绑定', '本地终端按姓名识别身份（启动时用 --as 姓名），不需要绑定账号。', 'grey');
  const outcome = await bindLeaderAccount(ctx.app.db, {
    leader, platform, userId, userName, actor: ctx.actor, now: ctx.now, takeover: takeover.confirmed,
    onMoved: (db, previous) => enqueue(db, {
      dedupeKey: `bind-moved:${leader.id}:${previous}:${ctx.now.getTime()}`, platform, target: { kind: 'user', id: previous },
      kind: 'alert', payload: { card: notice('账号绑定已变更',
        `督查室管理员已将责任领导 **${escapeMarkdown(leader.name)}** 改绑到另一个账号，您的账号不再接收其事项提醒。如有疑问，请立即联系督查室。`, 'orange') },
    }).then(() => undefined),
  });
  if (outcome.kind === 'taken') throw refuse(`该账号已绑定为“${escapeMarkdown(outcome.holder.name)}”，请先由督查室处理。`);
  if (outcome.kind === 'needsTakeover') {
    const text = `⚠️ **${escapeMarkdown(leader.name)}** 已绑定账号 ${escapeMarkdown(outcome.previous)}。改绑后提醒将发给 ${escapeMarkdown(userName ?? userId)}，原账号不再收到，并会收到通知。\n` +
      `确认改绑请发送：${escapeMarkdown(takeover.confirmCommand)}`;
    throw new Reply('refused', text, notice('需要确认接管', text, 'orange'));
  }
  return notice('绑定成功', `**${escapeMarkdown(leader.name)}** 已绑定 ${escapeMarkdown(userName ?? userId)}。之后的提醒会发给该账号，/mine 可查看负责的事项。`, 'green');
}

async function decide(ctx: CommandContext, approve: boolean, rawId: string | undefined, confirmed: boolean) {
  const id = parseItemId(rawId);
  if (id === null) throw refuse('请给出申请编号，例如 /bind 通过 3。发送 /bind 查看待确认的申请。');
  const request = await bindRequest(ctx.app.db, id);
  if (!request || request.status !== 'pending') throw refuse(`没有待确认的申请 ${id}。`);
  if (approve) {
    const leader = (await leaderById(ctx.app.db, request.leaderId))!;
    return bindAccount(ctx, leader, request.platform, request.userId, request.userName, { confirmed, confirmCommand: `/bind 通过 ${id} ${TAKEOVER}` });
  }
  await rejectBindRequest(ctx.app.db, request, ctx.actor, ctx.now);
  return notice('已拒绝', `已拒绝申请 ${id}。`, 'grey');
}

/** The requests card: who asked (name and account), for whom, and a warning where that leader is bound already. */
async function pending(ctx: CommandContext) {
  const requests = await pendingBindRequests(ctx.app.db);
  const line = (r: PendingBindRequest) => {
    const requester = `${escapeMarkdown(r.userName ?? '（未提供姓名）')}（账号 ${escapeMarkdown(r.userId)}）`;
    const warning = r.boundTo && r.boundTo !== r.userId
      ? `\n　　⚠️ 该领导已绑定账号 ${escapeMarkdown(r.boundTo)}：通过即改绑，需发送 /bind 通过 ${r.id} ${TAKEOVER}`
      : '';
    return `${r.id}. ${requester} 申请绑定为 **${escapeMarkdown(r.leaderName)}**（${escapeMarkdown(r.department ?? '未定单位')}）${warning}`;
  };
  if (!requests.length) return notice('待确认的绑定申请', '没有待确认的申请。');
  // The instruction first: a long list cut to fit keeps it, with the oldest requests.
  return {
    title: `待确认的绑定申请（${requests.length}）`, tone: 'blue' as const,
    blocks: [markdown('确认：/bind 通过 编号　拒绝：/bind 拒绝 编号'), markdown(requests.map(line).join('\n'))],
    departments: Object.fromEntries(requests.map((r) => [r.id, r.department ?? '未定单位'])),
    entryNoun: '条申请',
    seeAll: '/bind',
    seeAllHint: '处理以上申请后，再发送 /bind 查看其余申请。',
    consolePath: null,
  };
}

export const bind: Command = {
  name: 'bind',
  aliases: ['绑定'],
  summary: '把责任领导姓名与聊天账号关联（管理员 @某人 直接绑定；本人发送则待管理员确认）',
  usage: '/bind <姓名> [单位] [@某人]',
  examples: ['/bind 童安胜 @童安胜', '/绑定 童安胜', '/bind 张伟 市发改局', '/bind 通过 3'],
  async run(ctx) {
    const admin = await isAdmin(ctx.app.db, ctx.app.config, ctx.actor);
    const [first, second] = ctx.argv;
    if (!first) {
      if (admin) return pending(ctx);
      throw refuse(`请写上您的姓名，例如 /bind 童安胜。用法：${this.usage}`);
    }
    if (first === '通过' || first === '拒绝') {
      if (!admin) throw refuse('只有督查室管理员可以确认绑定申请。');
      return decide(ctx, first === '通过', second, ctx.argv[2] === TAKEOVER);
    }
    const confirmed = ctx.argv.length > 1 && ctx.argv[ctx.argv.length - 1] === TAKEOVER;
    // "童 安胜": the IME's space inside a name is still one name; "张伟 市发改局" names a department too.
    const words = confirmed ? ctx.argv.slice(0, -1) : ctx.argv;
    const mention = ctx.mentions[0];
    if (mention) {
      if (!admin) throw refuse('只有督查室管理员可以为他人绑定账号。您可以发送 /bind 您的姓名 申请绑定本人。');
      return bindAccount(ctx, await leaderNamed(ctx, words), ctx.chat.platform, mention.id, mention.name, { confirmed, confirmCommand: `/bind ${words.join(' ')} @${mention.name} ${TAKEOVER}` });
    }
    const leader = await leaderNamed(ctx, words);
    if (admin) return bindAccount(ctx, leader, ctx.chat.platform, ctx.actor.id, ctx.actor.name, { confirmed, confirmCommand: `/bind ${words.join(' ')} ${TAKEOVER}` });
    const request = await requestBinding(ctx.app.db, leader, ctx.chat.platform, ctx.actor, ctx.now);
    if (request.kind === 'pending') return notice('申请已提交', `您的绑定申请（编号 ${request.id}）正在等待督查室确认。`, 'grey');
    const { id } = request;
    return notice('申请已提交', `已申请绑定为 **${escapeMarkdown(leader.name)}**（申请编号 ${id}），督查室确认后生效。`, 'blue');
  },
};
