import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db/connection';
import { createBackup, restoreBackup } from '../src/backup/backup';
import { runNightlyBackup } from '../src/backup/nightly';
import { Bot } from '../src/bot/bot';
import { ManualClock } from '../src/clock';
import { loadConfig } from '../src/config';
import { silentLogger } from '../src/logger';
import { ShellPlatform } from '../src/platforms/shell/shellPlatform';
import { addEvidence } from '../src/register/changes';
import { storeEvidenceFile } from '../src/register/evidenceFiles';
import { seedIfEmpty } from '../src/register/seedRegister';
import { NOV_20 } from './helpers/harness';
import { registerContents } from './helpers/registerContents';

// Backups of the embedded database, whatever DATABASE_URL the suite runs with.
const office = { platform: 'shell' as const, id: '督查室', name: '督查室' };

test('back up, wipe, restore: every item, log entry and evidence file is back', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-backup-data-'));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-backup-out-')), 'duban.tar');
  const clock = new ManualClock(NOV_20);
  let db = await openDatabase({ dataDir });
  const app = { config: loadConfig({ DATA_DIR: dataDir }), db, clock };
  await seedIfEmpty(db, clock);
  const bot = new Bot(app, new ShellPlatform(() => undefined), silentLogger);
  await bot.runText(office, { platform: 'shell', id: 'shell', type: 'p2p' }, '/进展 4 60% 已排查企业200家');
  await bot.runText(office, { platform: 'shell', id: 'shell', type: 'p2p' }, '/完成 5 已完成');
  for (const [i, name] of ['排查台账.xlsx', '现场照片.png'].entries()) {
    const stored = storeEvidenceFile(dataDir, Buffer.from(`evidence file ${i} ${'x'.repeat(1000 * (i + 1))}`), name);
    await addEvidence(db, office, clock.now(), 4, { kind: 'file', content: null, fileName: name, ...stored });
  }
  const before = await registerContents(db, dataDir);
  expect(before.log.length).toBeGreaterThan(0);
  expect(before.files).toHaveLength(2);

  const manifest = await createBackup(app, file);
  expect(manifest).toMatchObject({ database: 'pglite', evidenceFiles: 2 });
  await db.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });

  await restoreBackup({ dataDir }, file);
  db = await openDatabase({ dataDir });
  try {
    expect(await registerContents(db, dataDir)).toEqual(before);
  } finally {
    await db.destroy();
  }
}, 300_000);

test('the nightly backup keeps the newest BACKUP_KEEP copies', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-backup-data-'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-backups-'));
  const db = await openDatabase({ dataDir });
  const app = { config: loadConfig({ DATA_DIR: dataDir }), db, clock: new ManualClock(NOV_20) };
  try {
    for (const old of ['duban-2022-11-01T02-00-00Z.tar', 'duban-2022-11-02T02-00-00Z.tar', 'notes.txt']) fs.writeFileSync(path.join(dir, old), 'x');
    const run = await runNightlyBackup(app, { dir, keep: 2 });
    expect(run.removed).toEqual(['duban-2022-11-01T02-00-00Z.tar']);
    expect(fs.readdirSync(dir).sort()).toEqual(['duban-2022-11-02T02-00-00Z.tar', path.basename(run.file), 'notes.txt'].sort());
  } finally {
    await db.destroy();
  }
}, 300_000);

test('a file that is not a backup is refused and nothing changes', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-backup-data-'));
  const bogus = path.join(dataDir, 'bogus.tar');
  fs.writeFileSync(bogus, Buffer.alloc(2048));
  await expect(restoreBackup({ dataDir }, bogus)).rejects.toThrow(/不是督办的备份文件/);
  expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(false);
});
