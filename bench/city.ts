import { sql } from 'kysely';
import type { Db } from '../db/connection';
import { generateRegister, Scale } from './generate';

/**
 * The city as its cards see it: the bench's register (10,000 items, 200
 * departments, 2,000 leaders) with one leader in ten bound (half on Feishu,
 * half on DingTalk), liaisons for 40 departments, groups following 50
 * departments or all of them, 600 pending /bind requests, a review queue of
 * hundreds, and one item with a long timeline and much evidence.
 */
export const CITY_NOW = '2022-12-26T09:00:00+08:00';
/** A Monday: the day's reminders and the weekly digest. */
export const CITY_DAY = '2022-12-26';

export const CITY_ENV = { ADMIN_OPEN_IDS: 'ou_office', ADMIN_DINGTALK_IDS: 'dt_office', OFFICE_HEAD_IDS: 'ou_head' };

export const CITY_SCALE: Scale = {
  commitments: 10_000,
  departments: 200,
  leaders: 2000,
  accounts: (i) => (i % 20 === 0 ? { feishu_open_id: `ou_leader_${i + 1}` } : i % 20 === 10 ? { dingtalk_staff_id: `dt_leader_${i + 1}` } : {}),
};

export interface City {
  departmentNames: string[];
  /** The item with the long timeline. */
  longTimelineId: number;
  /** A Feishu liaison of a department, for /mine. */
  liaison: string;
  /** A leader bound on Feishu, for /mine. */
  leader: string;
}

const BIND_REQUESTS = 600;
const TIMELINE_ENTRIES = 300;
const EVIDENCE_ENTRIES = 120;

export async function buildCity(db: Db, scale: Scale = CITY_SCALE): Promise<City> {
  const { departmentNames } = await generateRegister(db, scale);
  const departments = (await db.selectFrom('departments').select('id').orderBy('id').execute()).map((d) => d.id);
  const ids = (await db.selectFrom('commitments').select('id').orderBy('id').execute()).map((c) => c.id);
  const leaders = await db.selectFrom('leaders').select(['id', 'name', 'feishu_open_id', 'dingtalk_staff_id']).orderBy('id').execute();
  const at = new Date('2022-12-20T10:00:00+08:00');

  await db.insertInto('liaisons').values(departments.slice(0, 40).map((id, d) => ({
    department_id: id, platform: d < 20 ? 'feishu' : 'dingtalk', user_id: d < 20 ? `ou_liaison_${d}` : `dt_liaison_${d}`, display_name: `联络员${d}`,
  }))).execute();

  await db.insertInto('group_subscriptions').values([
    { platform: 'feishu', chat_id: 'oc_fifty', department_ids: JSON.stringify(departments.slice(0, 50)), created_at: at, updated_at: at },
    { platform: 'dingtalk', chat_id: 'cid_fifty', department_ids: JSON.stringify(departments.slice(50, 100)), created_at: at, updated_at: at },
    { platform: 'feishu', chat_id: 'oc_all', department_ids: '[]', created_at: at, updated_at: at },
    { platform: 'dingtalk', chat_id: 'cid_all', department_ids: '[]', created_at: at, updated_at: at },
  ]).execute();

  const unbound = leaders.filter((l) => !l.feishu_open_id && !l.dingtalk_staff_id);
  await db.insertInto('bind_requests').values(Array.from({ length: BIND_REQUESTS }, (_, n) => ({
    leader_id: unbound[n % unbound.length].id, platform: n % 2 ? 'dingtalk' : 'feishu',
    user_id: n % 2 ? `dt_request_${n}` : `ou_request_${n}`, user_name: `申请人${n}`, status: 'pending' as const, requested_at: at,
  }))).execute();

  // The office's queue: reported completions, extension requests, 交办 not acknowledged.
  const reported = ids.filter((_, i) => i % 33 === 1);
  await db.updateTable('commitments').set({ status: '待审核', completed_at: at, progress_percent: 100 }).where('id', 'in', reported).execute();
  const extended = ids.filter((_, i) => i % 100 === 2);
  await db.insertInto('extension_requests').values(extended.map((id) => ({
    commitment_id: id, requested_deadline: '2023-03-31', reason: '受疫情影响，施工单位进场推迟，需顺延工期。', after_deadline: false,
    requested_by_platform: 'feishu', requested_by_id: 'ou_liaison_0', requested_by_name: '联络员0', requested_at: at,
  }))).execute();
  const unacknowledged = ids.filter((_, i) => i % 100 === 3);
  // created_at is written once by the database; these were assigned weeks ago.
  await db.updateTable('commitments').set({ status: '待签收', acknowledged_at: null, created_at: sql<Date>`${new Date('2022-12-01T10:00:00+08:00')}` } as never).where('id', 'in', unacknowledged).execute();

  const longTimelineId = ids[0];
  await db.insertInto('activity_log').values(Array.from({ length: TIMELINE_ENTRIES }, (_, n) => ({
    at: new Date(at.getTime() - (TIMELINE_ENTRIES - n) * 3_600_000), actor_platform: 'feishu', actor_id: 'ou_liaison_0', actor_name: '联络员0',
    action: 'commitment.progress', commitment_id: longTimelineId, campaign_id: null,
    summary: `报送进展：第${n + 1}次，已完成充电桩建设${n + 1}个，正在推进配套电网改造和场地平整，预计按期完成全部建设任务并组织验收。`, before: null, after: null,
  }))).execute();
  await db.insertInto('evidence').values(Array.from({ length: EVIDENCE_ENTRIES }, (_, n) => ({
    commitment_id: longTimelineId, actor_platform: 'feishu', actor_id: 'ou_liaison_0', actor_name: '联络员0',
    kind: n % 3 === 0 ? 'file' as const : 'text' as const, content: n % 3 === 0 ? null : `现场照片说明第${n + 1}份：充电桩安装完成并通电调试，附验收记录和现场照片。`,
    file_name: n % 3 === 0 ? `验收材料${n + 1}.pdf` : null, file_path: null, sha256: null, size_bytes: null, created_at: at,
  }))).execute();

  const feishuLeader = leaders.find((l) => l.feishu_open_id)!;
  return { departmentNames, longTimelineId, liaison: 'ou_liaison_0', leader: feishuLeader.feishu_open_id! };
}
