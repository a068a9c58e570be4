import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../app';
import { cliActor } from '../domain/actor';
import { readRoster, writeProblems, writeRosterTemplate } from '../ingest/rosterWorkbook';
import { createLogger } from '../logger';
import { DingTalkApi } from '../platforms/dingtalk/api';
import { DingTalkDirectory } from '../platforms/dingtalk/dingtalkDirectory';
import type { AccountDirectory } from '../platforms/directory';
import { createFeishuClient } from '../platforms/feishu/client';
import { FeishuDirectory } from '../platforms/feishu/feishuDirectory';
import { importRoster, RosterReport } from '../register/roster';
import { Args, UsageError } from './args';

/** The account directories of the platforms configured (none: names, units and roles only). */
export function configuredDirectories(app: App): AccountDirectory[] {
  const log = createLogger(app.config.logLevel);
  const directories: AccountDirectory[] = [];
  if (app.config.feishu) directories.push(new FeishuDirectory(createFeishuClient(app.config.feishu, undefined, log), { log }));
  if (app.config.dingtalk) directories.push(new DingTalkDirectory(new DingTalkApi(app.config.dingtalk), { log }));
  return directories;
}

/** `roster.xlsx` → `roster-问题.xlsx`, beside it. */
export function problemsFile(input: string): string {
  const parsed = path.parse(input);
  return path.join(parsed.dir, `${parsed.name}-问题.xlsx`);
}

export function summary(report: RosterReport, seconds: number): string[] {
  const lines = [
    `花名册 ${report.rows} 行，用时 ${seconds.toFixed(1)} 秒：匹配领导 ${report.leadersMatched} 位，新增领导 ${report.leadersCreated} 位；` +
      `账号新绑定或更新 ${report.accountsChanged} 个，未变 ${report.accountsUnchanged} 个；新增联络员 ${report.liaisonsAdded}（更新 ${report.liaisonsUpdated}），新增管理员 ${report.adminsAdded}（更新 ${report.adminsUpdated}）。`,
  ];
  const byKind = new Map<string, number>();
  for (const p of report.problems) byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + 1);
  lines.push(report.problems.length ? `未能处理 ${report.problems.length} 项：${[...byKind].map(([k, n]) => `${k} ${n}`).join('，')}` : '全部处理完毕，没有问题。');
  return lines;
}

/** roster template <file.xlsx> | roster import <file.xlsx> */
export async function rosterCommand(app: App, args: Args, out: (text: string) => void, directories = configuredDirectories(app)): Promise<RosterReport | void> {
  const [action, file] = args.positional;
  if (!file || !file.endsWith('.xlsx')) throw new UsageError('用法：roster template 花名册.xlsx｜roster import 花名册.xlsx');
  if (action === 'template') {
    if (fs.existsSync(file)) throw new UsageError(`“${file}”已存在，不覆盖`);
    await writeRosterTemplate(file);
    out(`已生成花名册模板 ${file}（列：姓名、单位、职务、手机号、邮箱、角色；第二页为填写说明）`);
    return;
  }
  if (action !== 'import') throw new UsageError(`未知操作“${action}”。用法：roster template 花名册.xlsx｜roster import 花名册.xlsx`);
  if (!fs.existsSync(file)) throw new UsageError(`找不到文件“${file}”`);
  const rows = await readRoster(file);
  if (!directories.length) out('未配置飞书或钉钉凭证：只匹配姓名、单位和角色，不查找账号。');
  const tty = Boolean(process.stderr.isTTY);
  const started = Date.now();
  const report = await importRoster(app.db, rows, directories, {
    actor: cliActor(), now: app.clock.now(),
    progress: tty ? (done, total) => process.stderr.write(`\r查找账号 ${done}/${total}`) : undefined,
  });
  if (tty) process.stderr.write('\n');
  for (const line of summary(report, (Date.now() - started) / 1000)) out(line);
  if (report.problems.length) {
    const target = problemsFile(file);
    await writeProblems(target, report.problems);
    for (const p of report.problems.slice(0, 20)) out(`  ${p.kind}${p.row ? `（第${p.row}行）` : ''} ${p.name} ${p.unit}：${p.detail}`);
    if (report.problems.length > 20) out(`  ……共 ${report.problems.length} 项`);
    out(`问题清单已写入 ${target}`);
  }
  return report;
}
