import fs from 'node:fs';
import type { App } from '../app';
import { createBackup, restoreBackup } from '../backup/backup';
import type { Config } from '../config';
import { UsageError } from './args';

/** backup <file>: the database and every evidence file, while the bot is stopped. */
export async function backupCommand(app: App, file: string | undefined, out: (text: string) => void): Promise<void> {
  if (!file) throw new UsageError('用法：backup <文件>');
  const manifest = await createBackup(app, file);
  out(`已备份到 ${file}（${manifest.database === 'pglite' ? '内置数据库' : `PostgreSQL 模式 ${manifest.schema}`}，佐证文件 ${manifest.evidenceFiles} 个，${Math.ceil(fs.statSync(file).size / 1024)}KB）`);
}

/** restore <file>: puts a backup back; the bot must be stopped. */
export async function restoreCommand(config: Config, file: string | undefined, out: (text: string) => void): Promise<void> {
  if (!file) throw new UsageError('用法：restore <文件>');
  if (!fs.existsSync(file)) throw new UsageError(`找不到备份文件 ${file}`);
  const manifest = await restoreBackup({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, file);
  const kept = manifest.database === 'pglite' ? '原内置数据库目录已改名保留在 DATA_DIR 下。' : `PostgreSQL 模式 ${manifest.schema} 已在一个事务中整体替换。`;
  out(`已从 ${file} 恢复（备份于 ${manifest.createdAt}，佐证文件 ${manifest.evidenceFiles} 个）。${kept}`);
}
