import { openApp } from '../app';
import { ConfigError, loadConfig } from '../config';
import { ParseError } from '../ingest/types';
import { DataDirInUse } from '../../db/dataDirLock';
import { BackupError } from '../backup/databaseDump';
import { DepartmentNotFound } from '../register/departments';
import { UsageError } from './args';
import { runCli } from './commands';

const out = (text: string) => process.stdout.write(`${text}\n`);

runCli(process.argv.slice(2), out, () => openApp(loadConfig())).then(
  (code) => process.exit(code),
  (error) => {
    const known = error instanceof UsageError || error instanceof ParseError || error instanceof ConfigError || error instanceof DataDirInUse || error instanceof BackupError
      || error instanceof DepartmentNotFound;
    const lines = error instanceof ConfigError ? error.problems.map((p) => `配置错误：${p}`)
      : [`错误：${known ? error.message : (error as Error).stack ?? String(error)}`];
    process.stderr.write(`${lines.join('\n')}\n`);
    process.exit(known ? 2 : 1);
  },
);
