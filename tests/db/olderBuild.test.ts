import { migrateToLatest } from '../../db/connection';
import { migrations } from '../../db/migrations';
import { openTestDb } from '../../testkit/db';

// Upgrades: a newer build migrates the database at start. An older build that
// starts on it afterwards (a restart during a rolling upgrade, a rollback)
// must refuse, saying why, rather than run against a schema it does not know.
test('an older build refuses a database a newer build has migrated, naming the migration and the way back', async () => {
  const { db, close } = await openTestDb();
  try {
    const names = Object.keys(migrations).sort();
    const newest = names[names.length - 1];
    const older = Object.fromEntries(names.slice(0, -1).map((name) => [name, migrations[name]]));
    await expect(migrateToLatest(db, undefined, older)).rejects.toThrow(
      new RegExp(`^数据库已由较新版本的督办升级（本版本不认识的迁移：${newest}）.*先用 restore 恢复升级前的备份`),
    );
    // The build that knows every migration starts as before.
    await expect(migrateToLatest(db)).resolves.toBeUndefined();
  } finally {
    await close();
  }
});
