import type { App } from '../app';
import { cliActor } from '../domain/actor';
import { logActivity } from '../register/activityLog';
import { addAlias, findDepartment, requireDepartment } from '../register/departments';
import { bindLeaderAccount } from '../register/bindings';
import { findLeader } from '../register/leaders';
import { Args, stringOption, UsageError } from './args';

/** leader list | leader bind <姓名> --feishu <open_id> | --dingtalk <staff_id> | leader department <姓名> <部门> */
export async function leaderCommand(app: App, args: Args, out: (text: string) => void): Promise<void> {
  const [action, name, departmentQuery] = args.positional;
  if (action === 'list') {
    const leaders = await app.db
      .selectFrom('leaders')
      .leftJoin('departments', 'departments.id', 'leaders.department_id')
      .select(['leaders.name', 'departments.name as department', 'feishu_open_id', 'dingtalk_staff_id'])
      .orderBy('leaders.id')
      .execute();
    for (const l of leaders) out(`${l.name}\t${l.department ?? ''}\t飞书:${l.feishu_open_id ?? '未绑定'}\t钉钉:${l.dingtalk_staff_id ?? '未绑定'}`);
    return;
  }
  if (!name) throw new UsageError('用法：leader bind <姓名> [--department 单位] --feishu <open_id>｜leader department <姓名> <部门>｜leader list');
  const unit = stringOption(args, 'department');
  const found = await findLeader(app.db, unit ? [name, unit] : [name]);
  if (found.kind === 'unknown') throw new UsageError(`没有名为“${name}”的责任领导${unit ? `（${unit}）` : ''}`);
  if (found.kind === 'ambiguous') {
    throw new UsageError(`有 ${found.leaders.length} 位“${name}”（${found.leaders.map((l) => l.department ?? '未定单位').join('、')}），请加 --department 单位`);
  }
  const leader = found.leader;
  const now = app.clock.now();
  if (action === 'bind') {
    const feishu = stringOption(args, 'feishu');
    const dingtalk = stringOption(args, 'dingtalk');
    if (!feishu && !dingtalk) throw new UsageError('请给出 --feishu <open_id> 或 --dingtalk <staff_id>');
    if (feishu && !/^ou_[A-Za-z0-9]+$/.test(feishu)) throw new UsageError(`“${feishu}”不是飞书 open_id（应以 ou_ 开头）`);
    const accounts = [...(feishu ? [['feishu', feishu] as const] : []), ...(dingtalk ? [['dingtalk', dingtalk] as const] : [])];
    await app.db.transaction().execute(async (trx) => {
      for (const [platform, userId] of accounts) {
        // The office typed the account itself: moving a bound leader needs no further confirmation.
        const outcome = await bindLeaderAccount(trx, { leader, platform, userId, userName: null, actor: cliActor(), now, takeover: true });
        if (outcome.kind === 'taken') throw new UsageError(`该账号已绑定给“${outcome.holder.name}”`);
        leader[platform === 'feishu' ? 'feishu_open_id' : 'dingtalk_staff_id'] = userId;
      }
    });
    out(`已绑定 ${leader.name}`);
    return;
  }
  if (action === 'department') {
    if (!departmentQuery) throw new UsageError('用法：leader department <姓名> <部门>');
    const department = await requireDepartment(app.db, departmentQuery);
    await app.db.updateTable('leaders').set({ department_id: department.id }).where('id', '=', leader.id).execute();
    await logActivity(app.db, { actor: cliActor(), at: now, action: 'leader.department', summary: `${leader.name} 归属 ${department.name}` });
    out(`${leader.name} 归属 ${department.name}`);
    return;
  }
  throw new UsageError(`未知操作“${action}”`);
}

/** department list | department alias <部门> <别名> */
export async function departmentCommand(app: App, args: Args, out: (text: string) => void): Promise<void> {
  const [action, query, alias] = args.positional;
  if (action === 'list') {
    const departments = await app.db.selectFrom('departments').selectAll().orderBy('id').execute();
    const aliases = await app.db.selectFrom('department_aliases').selectAll().execute();
    for (const d of departments) {
      out(`${d.name}\t${aliases.filter((a) => a.department_id === d.id).map((a) => a.alias).join('、')}`);
    }
    return;
  }
  if (action === 'alias' && query && alias) {
    const department = await requireDepartment(app.db, query);
    const clash = await findDepartment(app.db, alias);
    if (clash.kind === 'found' && clash.exact && clash.department.id !== department.id) {
      throw new UsageError(`别名“${alias}”已属于 ${clash.department.name}`);
    }
    await addAlias(app.db, department.id, alias);
    await logActivity(app.db, { actor: cliActor(), at: app.clock.now(), action: 'department.alias', summary: `${department.name} 增加别名 ${alias}` });
    out(`${department.name} 增加别名“${alias}”`);
    return;
  }
  throw new UsageError('用法：department list｜department alias <部门> <别名>');
}

/** admin add <open_id> [姓名] | admin list */
export async function adminCommand(app: App, args: Args, out: (text: string) => void): Promise<void> {
  const [action, userId, name] = args.positional;
  if (action === 'list') {
    for (const a of await app.db.selectFrom('admins').selectAll().execute()) out(`${a.platform}\t${a.user_id}\t${a.display_name ?? ''}`);
    return;
  }
  if (action === 'add' && userId) {
    const platform = userId.startsWith('ou_') ? 'feishu' : 'dingtalk';
    await app.db.insertInto('admins').values({ platform, user_id: userId, display_name: name ?? null })
      .onConflict((oc) => oc.columns(['platform', 'user_id']).doNothing()).execute();
    await logActivity(app.db, { actor: cliActor(), at: app.clock.now(), action: 'admin.add', summary: `新增管理员 ${name ?? userId}` });
    out(`已添加管理员 ${name ?? userId}`);
    return;
  }
  throw new UsageError('用法：admin add <open_id> [姓名]｜admin list');
}
