import type { Db } from '../db/connection';
import { ManualClock } from '../src/clock';
import { systemActor } from '../src/domain/actor';
import type { ParsedCommitment } from '../src/ingest/types';
import { importCommitments } from '../src/register/importer';
import { measured } from './measure';

/** A published list at city scale, as the parser hands it to the importer. */
export function generatedList(items: number, departments: number): ParsedCommitment[] {
  return Array.from({ length: items }, (_, i) => ({
    department: `测试单位${String((i % departments) + 1).padStart(3, '0')}局`,
    seq: Math.floor(i / departments) + 1,
    category: null,
    text: `第${i + 1}项：新增公用充电桩${(i % 300) + 10}个以上，完成投资${(i % 50) + 1}亿元。`,
    deadline: `2022-${String((i % 12) + 1).padStart(2, '0')}-28`,
    deadlineText: `${(i % 12) + 1}月底`,
    leaders: i % 3 === 0 ? [`领导${(i * 7) % 2000}`, `领导${(i * 13 + 1) % 2000}`] : [`领导${(i * 7) % 2000}`],
    needsReview: i % 10 === 0,
    reviewReasons: i % 10 === 0 ? ['责任领导列与序号无法对齐（13个序号，7组共11行）'] : [],
  }));
}

/** A 10,000-item list imported into an empty register, then imported again unchanged (target: under 5 s). */
export async function importPhase(open: () => Promise<{ db: Db; close(): Promise<void> }>, items: number) {
  const { db, close } = await open();
  try {
    const list = generatedList(items, 200);
    const campaign = { key: 'bench-import', title: '导入基准', sourceDocument: 'bench', year: 2022, publishedOn: null };
    const clock = new ManualClock('2022-11-05T10:00:00+08:00');
    const first = await measured(() => importCommitments(db, campaign, list, systemActor, clock));
    const again = await measured(() => importCommitments(db, campaign, list, systemActor, clock));
    return {
      items,
      firstSeconds: Math.round(first.ms / 10) / 100,
      created: first.result.created,
      againSeconds: Math.round(again.ms / 10) / 100,
      unchanged: again.result.unchanged,
      peakRssMb: Math.max(first.peakRssMb, again.peakRssMb),
    };
  } finally {
    await close();
  }
}
