import type { Kysely } from 'kysely';
import { analyzeRegister } from '../../db/maintenance';
import type { Database } from '../../db/schema';
import type { Clock } from '../clock';
import type { Actor } from '../domain/actor';
import type { ParsedCommitment } from '../ingest/types';
import { logActivity } from './activityLog';
import { ensureDepartment } from './departments';
import { ensureLeader } from './leaders';
import { asParsed, loadCommitment } from './commitments';

type Db = Kysely<Database>;

export interface CampaignInfo {
  key: string;
  title: string;
  sourceDocument: string;
  year: number;
  publishedOn: string | null;
}

export interface ImportResult {
  campaignId: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Items of the campaign that this file no longer lists; kept, never deleted. */
  notInFile: number;
}

/** The stable identity of a printed item within its campaign. */
export function sourceKey(item: Pick<ParsedCommitment, 'department' | 'category' | 'seq'>): string {
  return [item.department ?? '', item.category ?? '', item.seq].join('|');
}

/** The fields an import owns; status and progress belong to the people doing the work. */
const IMPORTED_FIELDS = [
  'department', 'seq', 'category', 'text', 'deadline', 'deadlineText', 'leaders', 'needsReview', 'reviewReasons',
] as const satisfies readonly (keyof ParsedCommitment)[];
type ImportedField = (typeof IMPORTED_FIELDS)[number];

function changedFields(before: ParsedCommitment, after: ParsedCommitment): ImportedField[] {
  return IMPORTED_FIELDS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** The commitment columns an import writes, the same on insert and update. */
function importedColumns(item: ParsedCommitment, key: string, departmentId: number | null, now: Date) {
  return {
    source_key: key,
    department_id: departmentId,
    department_heading: item.department,
    seq: item.seq,
    category: item.category,
    text: item.text,
    deadline: item.deadline,
    deadline_text: item.deadlineText,
    needs_review: item.needsReview,
    review_reasons: JSON.stringify(item.reviewReasons),
    updated_at: now,
  };
}

function pick(s: ParsedCommitment, keys: readonly ImportedField[]): Partial<ParsedCommitment> {
  return Object.fromEntries(keys.map((k) => [k, s[k]]));
}

/**
 * Stores a parsed document as a campaign. Idempotent: the same items change
 * nothing; corrected items are updated in place and every change is logged.
 */
export async function importCommitments(
  db: Db,
  campaign: CampaignInfo,
  items: (ParsedCommitment & { id?: number })[],
  actor: Actor,
  clock: Clock,
): Promise<ImportResult> {
  const keys = items.map(sourceKey);
  const duplicate = keys.find((k, i) => keys.indexOf(k) !== i);
  if (duplicate) throw new Error(`同一批次中有重复的事项（部门|分类|序号 = ${duplicate}）`);

  const imported = await db.transaction().execute(async (trx) => {
    const now = clock.now();
    const campaignId = await ensureCampaign(trx, campaign, actor, now);
    const result: ImportResult = { campaignId, created: 0, updated: 0, unchanged: 0, notInFile: 0 };

    for (const item of items) {
      const key = sourceKey(item);
      // A spreadsheet row keeps its 编号 even when an admin corrects its department or seq.
      const existing = await trx
        .selectFrom('commitments')
        .select('id')
        .where('campaign_id', '=', campaignId)
        .where((eb) => (item.id ? eb('id', '=', item.id) : eb('source_key', '=', key)))
        .executeTakeFirst();
      const departmentId = item.department ? await ensureDepartment(trx, item.department) : null;
      const after = pick(item, IMPORTED_FIELDS) as ParsedCommitment;

      if (!existing) {
        const { id } = await trx
          .insertInto('commitments')
          .values({ campaign_id: campaignId, ...importedColumns(item, key, departmentId, now) })
          .returning('id')
          .executeTakeFirstOrThrow();
        await setLeaders(trx, id, item.leaders, departmentId);
        await logActivity(trx, {
          actor, at: now, action: 'import.create', commitmentId: id, campaignId,
          summary: `导入事项 ${item.department ?? ''} 第${item.seq}项`, after,
        });
        result.created++;
        continue;
      }

      const before = asParsed((await loadCommitment(trx, existing.id))!);
      const changed = changedFields(before, after);
      if (!changed.length) {
        result.unchanged++;
        continue;
      }
      await trx
        .updateTable('commitments')
        .set(importedColumns(item, key, departmentId, now))
        .where('id', '=', existing.id)
        .execute();
      if (changed.includes('leaders')) await setLeaders(trx, existing.id, item.leaders, departmentId);
      await logActivity(trx, {
        actor, at: now, action: 'import.update', commitmentId: existing.id, campaignId,
        summary: `重新导入更新了：${changed.join('、')}`,
        before: pick(before, changed), after: pick(after, changed),
      });
      result.updated++;
    }

    const stored = await trx.selectFrom('commitments').select('source_key').where('campaign_id', '=', campaignId).execute();
    result.notInFile = stored.filter((row) => !keys.includes(row.source_key)).length;
    if (result.created || result.updated) {
      await logActivity(trx, {
        actor, at: now, action: 'import', campaignId,
        summary: `导入“${campaign.title}”：新增${result.created}项，更新${result.updated}项，未变${result.unchanged}项`,
      });
    }
    return result;
  });
  if (imported.created || imported.updated) await analyzeRegister(db);
  return imported;
}

async function ensureCampaign(db: Db, campaign: CampaignInfo, actor: Actor, now: Date): Promise<number> {
  const existing = await db.selectFrom('campaigns').select('id').where('key', '=', campaign.key).executeTakeFirst();
  if (existing) return existing.id;
  const { id } = await db
    .insertInto('campaigns')
    .values({
      key: campaign.key,
      title: campaign.title,
      source_document: campaign.sourceDocument,
      year: campaign.year,
      published_on: campaign.publishedOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await logActivity(db, { actor, at: now, action: 'campaign.create', campaignId: id, summary: `新建承诺批次“${campaign.title}”` });
  return id;
}

/** Replaces an item's leaders, in the given order. */
export async function setLeaders(db: Db, commitmentId: number, names: string[], departmentId: number | null): Promise<void> {
  await db.deleteFrom('commitment_leaders').where('commitment_id', '=', commitmentId).execute();
  let position = 0;
  for (const name of names) {
    const leaderId = await ensureLeader(db, name, departmentId);
    await db
      .insertInto('commitment_leaders')
      .values({ commitment_id: commitmentId, leader_id: leaderId, position: position++ })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
