import { openApp } from '../app';
import { ConfigError, loadConfig } from '../config';
import { ParseError } from '../ingest/types';
import { parseArgs, UsageError } from './args';
import { campaignsCommand, exportCommand, importCommand, parseCommand } from './documents';
import { backupCommand, restoreCommand } from './backup';
import { BackupError } from '../backup/databaseDump';
import { consoleCommand } from './consoleLink';
import { itemsCommand } from './items';
import { runJobCommand } from './jobs';
import { adminCommand, departmentCommand, leaderCommand } from './people';
import { DataDirInUse } from '../../db/dataDirLock';
import { DepartmentNotFound } from '../register/departments';
import { reportCommand } from './report';
import { rosterCommand } from './roster';

const USAGE = `用法：npm run cli -- <命令>
  parse <文件> --year 2022 [--json]        解析刊登的承诺清单（不写数据库）
  import <文件|表格.xlsx> --year 2022 [--campaign 键] [--title 标题]   导入为承诺批次（可重复执行）
  export <批次键> --xlsx 文件.xlsx          导出为表格，修改后可再 import
  campaigns                                列出批次
  items [--campaign 键] [--department 部门] --json   事项登记（JSON，含状态、时限、签收/办结/销号时间）
  report [--campaign 批次键…] [--week 2022-12-19] --docx 通报.docx [--xlsx 通报.xlsx]   生成一周的督查通报（默认上一个完整周）
  roster template 花名册.xlsx               生成花名册模板（姓名、单位、职务、手机号、邮箱、角色）
  roster import 花名册.xlsx                 按花名册匹配领导、查找飞书/钉钉账号并绑定（可重复执行）
  leader list | leader bind <姓名> [--department 单位] --feishu <open_id> | leader department <姓名> <部门>
  department list | department alias <部门> <别名>
  admin list | admin add <open_id> [姓名]
  run-job reminders|digest|deliver [--day YYYY-MM-DD]   立即运行一次定时任务（按 BOT_NOW 时钟）
  backup <文件> | restore <文件>            备份/恢复数据库与佐证文件（先停止机器人）

  console link [--as 姓名]                   打印控制台一次性登录链接（10分钟内有效）`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const args = parseArgs(rest, ['json']);
  const out = (text: string) => process.stdout.write(`${text}\n`);
  if (!command || command === 'help' || command === '--help') {
    out(USAGE);
    return command ? 0 : 1;
  }
  if (command === 'restore') {
    await restoreCommand(loadConfig(), args.positional[0], out);
    return 0;
  }
  if (command === 'parse') {
    parseCommand(args, out);
    return 0;
  }
  if (command === 'console') {
    consoleCommand(args, out);
    return 0;
  }
  const handlers: Record<string, (app: Awaited<ReturnType<typeof openApp>>) => Promise<void>> = {
    import: (app) => importCommand(app, args, out),
    export: (app) => exportCommand(app, args, out),
    campaigns: (app) => campaignsCommand(app, out),
    items: (app) => itemsCommand(app, args, out),
    leader: (app) => leaderCommand(app, args, out),
    department: (app) => departmentCommand(app, args, out),
    admin: (app) => adminCommand(app, args, out),
    'run-job': (app) => runJobCommand(app, args, out),
    report: (app) => reportCommand(app, rest, out),
    backup: (app) => backupCommand(app, args.positional[0], out),
    roster: async (app) => void (await rosterCommand(app, args, out)),
  };
  const handler = handlers[command];
  if (!handler) throw new UsageError(`未知命令“${command}”\n${USAGE}`);
  const app = await openApp(loadConfig());
  try {
    await handler(app);
  } finally {
    await app.db.destroy();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    const known = error instanceof UsageError || error instanceof ParseError || error instanceof ConfigError || error instanceof DataDirInUse || error instanceof BackupError
      || error instanceof DepartmentNotFound;
    process.stderr.write(`错误：${known ? error.message : (error as Error).stack ?? String(error)}\n`);
    process.exit(known ? 2 : 1);
  },
);
