import type { Db } from '../db/connection';
import { analyzeRegister } from '../db/maintenance';
import { addDays } from '../src/clock';

/** A register at city scale: departments, bound leaders, commitments with one or two leaders each. */
export interface Scale {
  commitments: number;
  departments: number;
  leaders: number;
  /** The chat accounts of leader i (0-based); every leader bound on Feishu when not given. */
  accounts?: (i: number) => { feishu_open_id?: string | null; dingtalk_staff_id?: string | null };
}

async function chunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export async function generateRegister(db: Db, scale: Scale): Promise<{ departmentNames: string[] }> {
  const { id: campaignId } = await db.insertInto('campaigns')
    .values({ key: `bench-${scale.commitments}`, title: '基准测试批次', source_document: 'bench', year: 2022, published_on: null })
    .returning('id').executeTakeFirstOrThrow();
  const departmentNames = Array.from({ length: scale.departments }, (_, i) => `测试单位${String(i + 1).padStart(3, '0')}局`);
  const departments = await db.insertInto('departments').values(departmentNames.map((name) => ({ name }))).returning('id').execute();
  const leaderRows = Array.from({ length: scale.leaders }, (_, i) => ({
    name: `领导${String(i + 1).padStart(5, '0')}`,
    department_id: departments[i % departments.length].id,
    ...(scale.accounts ? scale.accounts(i) : { feishu_open_id: `ou_bench_${i + 1}` }),
  }));
  const leaders: { id: number }[] = [];
  await chunked(leaderRows, 1000, async (chunk) => leaders.push(...(await db.insertInto('leaders').values(chunk).returning('id').execute())));

  const now = new Date();
  const commitments = Array.from({ length: scale.commitments }, (_, i) => ({
    campaign_id: campaignId,
    source_key: `bench|${i}`,
    department_id: departments[i % departments.length].id,
    department_heading: departmentNames[i % departments.length],
    seq: Math.floor(i / departments.length) + 1,
    text: `第${i + 1}项：新增公用充电桩${(i % 300) + 10}个以上，完成投资${(i % 50) + 1}亿元。`,
    deadline: addDays('2022-11-01', i % 150),
    deadline_text: '基准',
    needs_review: false,
    review_reasons: '[]',
    updated_at: now,
  }));
  const ids: number[] = [];
  await chunked(commitments, 1000, async (chunk) => ids.push(...(await db.insertInto('commitments').values(chunk).returning('id').execute()).map((r) => r.id)));
  const links = ids.flatMap((id, i) => {
    const first = leaders[(i * 7) % leaders.length].id;
    const second = leaders[(i * 13 + 1) % leaders.length].id;
    return i % 3 === 0 && first !== second
      ? [{ commitment_id: id, leader_id: first, position: 0 }, { commitment_id: id, leader_id: second, position: 1 }]
      : [{ commitment_id: id, leader_id: first, position: 0 }];
  });
  await chunked(links, 2000, (chunk) => db.insertInto('commitment_leaders').values(chunk).execute());
  // As the importer does after a bulk load.
  await analyzeRegister(db);
  return { departmentNames };
}
