import type { App } from '../app';
import { Args, helpText, OptionTable, readArgs, UsageError } from './args';
import { campaignsCommand, exportCommand, importCommand, parseCommand } from './documents';
import { itemsCommand } from './items';
import { runJobCommand } from './jobs';
import { reportCommand } from './report';
import { adminCommand, departmentCommand, leaderCommand } from './people';
import { rosterCommand } from './roster';
import { backupCommand, restoreCommand } from './backup';
import { consoleCommand } from './consoleLink';
import { ASSIGN_USAGE, assignCommand } from './assign';
import { loadConfig } from '../config';

type Out = (text: string) => void;

/**
 * One CLI subcommand: its options table (node:util parseArgs reads argv
 * against it, so anything else is refused) and its handler. Handlers that need
 * no database (parse) take `app` as undefined.
 */
export interface CliCommand {
  usage: string;
  summary: string;
  options: OptionTable;
  needsApp: boolean;
  run(args: Args, out: Out, app: App | undefined): Promise<void> | void;
  /** Reads its own argv (report, with repeated options); only --help is handled here. */
  raw?: (argv: string[], out: Out, app: App) => Promise<void>;
}

const withApp = (handler: (app: App, args: Args, out: Out) => Promise<void>) =>
  (args: Args, out: Out, app: App | undefined) => handler(app!, args, out);

export const COMMANDS: Record<string, CliCommand> = {
  parse: {
    usage: 'parse <文件> --year 2022 [--json]',
    summary: '解析刊登的承诺清单（不写数据库）',
    options: { year: { type: 'string', value: '年份', description: '承诺年份（必填）' }, json: { type: 'boolean', description: '输出 JSON 数组（对外约定的格式）' } },
    needsApp: false,
    run: (args, out) => parseCommand(args, out),
  },
  import: {
    usage: 'import <文件|表格.xlsx> --year 2022 [--campaign 键] [--title 标题] [--published YYYY-MM-DD]',
    summary: '导入为承诺批次（可重复执行）',
    options: {
      year: { type: 'string', value: '年份', description: '承诺年份（文本文件必填）' },
      campaign: { type: 'string', value: '键', description: '批次键，默认取文件名' },
      title: { type: 'string', value: '标题', description: '批次标题' },
      published: { type: 'string', value: 'YYYY-MM-DD', description: '刊登日期' },
    },
    needsApp: true,
    run: withApp(importCommand),
  },
  export: {
    usage: 'export <批次键> --xlsx 文件.xlsx',
    summary: '导出为表格，修改后可再 import',
    options: { xlsx: { type: 'string', value: '文件.xlsx', description: '输出的表格文件' } },
    needsApp: true,
    run: withApp(exportCommand),
  },
  campaigns: {
    usage: 'campaigns',
    summary: '列出批次',
    options: {},
    needsApp: true,
    run: withApp((app, _args, out) => campaignsCommand(app, out)),
  },
  items: {
    usage: 'items [--campaign 键] [--department 部门] --json',
    summary: '事项登记（JSON，含状态、时限、签收/办结/销号时间）',
    options: {
      campaign: { type: 'string', value: '键', description: '只列这一批次' },
      department: { type: 'string', value: '部门', description: '只列这一部门' },
      json: { type: 'boolean', description: '输出 JSON 数组（必填）' },
    },
    needsApp: true,
    run: withApp(itemsCommand),
  },
  report: {
    usage: 'report [--campaign 批次键…] [--week 2022-12-19] --docx 通报.docx [--xlsx 通报.xlsx]',
    summary: '生成一周的督查通报（默认上一个完整周）',
    options: {},
    needsApp: true,
    run: () => undefined,
    raw: (argv, out, app) => reportCommand(app, argv, out),
  },
  leader: {
    usage: 'leader list | leader bind <姓名> [--department 单位] --feishu <open_id>|--dingtalk <staff_id> | leader department <姓名> <部门>',
    summary: '责任领导：列出、绑定账号、归属部门',
    options: {
      department: { type: 'string', value: '单位', description: '同名领导时按单位区分' },
      feishu: { type: 'string', value: 'open_id', description: '飞书 open_id（ou_ 开头）' },
      dingtalk: { type: 'string', value: 'staff_id', description: '钉钉 staffId' },
    },
    needsApp: true,
    run: withApp(leaderCommand),
  },
  department: {
    usage: 'department list | department alias <部门> <别名>',
    summary: '部门：列出、增加别名',
    options: {},
    needsApp: true,
    run: withApp(departmentCommand),
  },
  admin: {
    usage: 'admin list | admin add <open_id> [姓名]',
    summary: '督查室管理员',
    options: {},
    needsApp: true,
    run: withApp(adminCommand),
  },
  'run-job': {
    usage: 'run-job reminders|digest|deliver [--day YYYY-MM-DD]',
    summary: '立即运行一次定时任务（按 BOT_NOW 时钟）',
    options: { day: { type: 'string', value: 'YYYY-MM-DD', description: '按这一天运行（默认今天）' } },
    needsApp: true,
    run: withApp(runJobCommand),
  },
  roster: {
    usage: 'roster template 花名册.xlsx | roster import 花名册.xlsx',
    summary: '生成花名册模板；按花名册匹配领导、查找飞书/钉钉账号并绑定（可重复执行）',
    options: {},
    needsApp: true,
    run: withApp(async (app, args, out) => void (await rosterCommand(app, args, out))),
  },
  backup: {
    usage: 'backup <文件>',
    summary: '备份数据库与佐证文件（先停止机器人）',
    options: {},
    needsApp: true,
    run: withApp((app, args, out) => backupCommand(app, args.positional[0], out)),
  },
  restore: {
    usage: 'restore <文件>',
    summary: '从备份恢复数据库与佐证文件（先停止机器人）',
    options: {},
    needsApp: false,
    run: (args, out) => restoreCommand(loadConfig(), args.positional[0], out),
  },
  assign: {
    usage: ASSIGN_USAGE,
    summary: '交办事项（同聊天中的 /交办）：责任领导或联络员收到签收卡片',
    options: {
      leaders: { type: 'string', value: '姓名,姓名', description: '责任领导（逗号分隔）；不写则发给部门联络员' },
      source: { type: 'string', value: '来源', description: '领导批示（默认）、会议议定、督查发现、群众反映' },
      campaign: { type: 'string', value: '键', description: '归入已有批次（默认当年的交办批次）' },
    },
    needsApp: true,
    run: withApp(assignCommand),
  },
  console: {
    usage: 'console link [--as 姓名]',
    summary: '打印控制台一次性登录链接（10分钟内有效；不需要数据库，可在机器人运行时使用）',
    options: { as: { type: 'string', value: '姓名', description: '以这位领导或管理员的身份登录（默认督查室）' } },
    needsApp: false,
    run: (args, out) => consoleCommand(args, out),
  },
};

export function usage(): string {
  return ['用法：npm run cli -- <命令> [--help]', ...Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}`)].join('\n');
}

/** Runs one CLI invocation; returns the exit code. `open` is called only for commands that need the database. */
export async function runCli(argv: string[], out: Out, open: () => Promise<App>): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    out(usage());
    return name ? 0 : 1;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(`未知命令“${name}”\n${usage()}`);
  if (command.raw && !rest.includes('--help')) {
    const app = await open();
    try {
      await command.raw(rest, out, app);
    } finally {
      await app.db.destroy();
    }
    return 0;
  }
  const args = readArgs(rest, command.options, command.usage);
  if (args.help) {
    out(helpText(command.usage, command.summary, command.options));
    return 0;
  }
  if (!command.needsApp) {
    await command.run(args, out, undefined);
    return 0;
  }
  const app = await open();
  try {
    await command.run(args, out, app);
  } finally {
    await app.db.destroy();
  }
  return 0;
}
