import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

// fs-ext is a native addon without type declarations; flockSync is all we use.
const { flockSync } = createRequire(__filename)('fs-ext') as { flockSync(fd: number, flags: 'exnb' | 'un'): void };

const LOCK_NAME = 'duban.lock';
/** Locks this process holds, by data directory: opening the same directory again in-process is fine. */
const held = new Map<string, number>();

/**
 * The embedded database's files must never be opened by two processes. An
 * exclusive flock on a file in the data directory, taken once and held until
 * the process ends (the kernel releases it then, even after a crash), makes the
 * operating system enforce that across pid namespaces, containers sharing a
 * volume, the bot and the CLI. The file is never deleted: unlinking it would let
 * a newcomer lock a fresh file while the holder still works on the old one.
 */
export function lockDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const dir = fs.realpathSync(dataDir);
  if (held.has(dir)) return;
  const lockFile = path.join(dir, LOCK_NAME);
  const fd = fs.openSync(lockFile, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
  try {
    flockSync(fd, 'exnb');
  } catch (error) {
    fs.closeSync(fd);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN' || code === 'EWOULDBLOCK') throw new DataDirInUse(dir, holderNote(lockFile));
    throw error;
  }
  // For people reading the file; the lock, not this pid, is what counts.
  fs.ftruncateSync(fd);
  fs.writeSync(fd, `${process.pid}\n`, 0);
  held.set(dir, fd);
}

export class DataDirInUse extends Error {
  constructor(readonly dataDir: string, note: string) {
    super(
      `数据目录 ${dataDir} 正被另一个进程使用${note}：内置数据库不能被两个进程同时打开。` +
        '请先停止正在运行的机器人或命令，或为它们设置不同的 DATA_DIR，或配置 DATABASE_URL 使用 PostgreSQL。',
    );
  }
}

function holderNote(lockFile: string): string {
  try {
    const pid = fs.readFileSync(lockFile, 'utf8').trim();
    return /^\d+$/.test(pid) ? `（它记录的 pid 为 ${pid}，可能属于另一个容器）` : '';
  } catch {
    return '';
  }
}
