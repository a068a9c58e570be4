import type { Db } from '../../db/connection';
import { analyzeRegister } from '../../db/maintenance';
import type { Clock } from '../clock';
import type { Actor } from '../domain/actor';
import { changedFields, describeChanges, IMPORTED_FIELDS, ImportedField, sameValue } from '../domain/importedFields';
import { conflictReason, Provenance, reconcileWithSource, sourceValuesOf } from '../domain/sourceReconciliation';
import type { ParsedCommitment } from '../ingest/types';
import { ActivityEntry, logActivities } from './activityLog';
import { insertJsonRows } from './bulkInsert';
import { ensureDepartments } from './departments';
import { loadProvenance, personFieldsAfter } from './fieldProvenance';
import { ensureLeader, ensureLeaders, leaderKey } from './leaders';
import { asParsed, loadCommitments } from './commitments';

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
  /** Fields the document changed after a person had set them: the person's value was kept. */
  conflicts: number;
  /** Items of the campaign flagged 需核对 after this import. */
  needsReview: number;
}

/**
 * 'document': a published list, whose fields give way to a person's corrections.
 * 'spreadsheet': the register exported, corrected by a person and read back.
 */
export type ImportOrigin = 'document' | 'spreadsheet';

/** A refused import: nothing was written. */
export class ImportRefused extends Error {}

/** Far above any city's list; a larger input is a mistake, and would hold the embedded database for long. */
export const MAX_IMPORT_ITEMS = 50_000;
const CHUNK = 2000;

const COMMITMENT_COLUMNS = {
  campaign_id: 'integer', source_key: 'text', department_id: 'integer', department_heading: 'text', seq: 'integer',
  category: 'text', text: 'text', deadline: 'date', deadline_text: 'text', needs_review: 'boolean',
  review_reasons: 'jsonb', updated_at: 'timestamptz', source_values: 'jsonb', person_fields: 'jsonb',
};

/** The stable identity of a printed item within its campaign. */
export function sourceKey(item: Pick<ParsedCommitment, 'department' | 'category' | 'seq'>): string {
  return [item.department ?? '', item.category ?? '', item.seq].join('|');
}

type Incoming = ParsedCommitment & { id?: number };

/** The commitment columns an import writes, the same on insert and update. */
function importedColumns(item: ParsedCommitment, departmentId: number | null, now: Date) {
  return {
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

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

function checkInput(items: Incoming[]): void {
  if (items.length > MAX_IMPORT_ITEMS) {
    throw new ImportRefused(`一次导入 ${items.length} 项，超过上限 ${MAX_IMPORT_ITEMS} 项：请拆分文件后分批导入`);
  }
  const identities = items.map((i) => (i.id ? `编号${i.id}` : sourceKey(i)));
  const seen = new Set<string>();
  for (const identity of identities) {
    if (seen.has(identity)) throw new ImportRefused(`同一批次中有重复的事项（${identity.includes('|') ? `部门|分类|序号 = ${identity}` : identity}）`);
    seen.add(identity);
  }
}

/**
 * Stores a parsed document (or a corrected spreadsheet) as a campaign, in one
 * transaction with batched writes. Idempotent: the same items change nothing.
 * Changed items are updated in place and each change is logged with before and
 * after; a person's correction is never undone by a document (see reconcileWithSource).
 */
export async function importCommitments(
  db: Db,
  campaign: CampaignInfo,
  items: Incoming[],
  actor: Actor,
  clock: Clock,
  origin: ImportOrigin = 'document',
): Promise<ImportResult> {
  checkInput(items);
  const imported = await db.transaction().execute(async (trx) => {
    const now = clock.now();
    const campaignId = await ensureCampaign(trx, campaign, actor, now);
    const result: ImportResult = { campaignId, created: 0, updated: 0, unchanged: 0, notInFile: 0, conflicts: 0, needsReview: 0 };

    const stored = await loadCommitments(trx, { campaignId });
    const byId = new Map(stored.map((c) => [c.id, c]));
    const byKey = new Map(stored.map((c) => [c.sourceKey, c]));
    const provenance = await loadProvenance(trx, campaignId);

    const creates: Incoming[] = [];
    const updates: { id: number; before: ParsedCommitment; after: ParsedCommitment; changed: ImportedField[]; log: ActivityEntry[]; sourceValues?: Provenance['sourceValues'] }[] = [];
    const matched = new Set<number>();
    for (const item of items) {
      // A spreadsheet row keeps its 编号 even when a person corrects its department or seq.
      const existing = item.id ? byId.get(item.id) : byKey.get(sourceKey(item));
      if (item.id && !existing) throw new ImportRefused(`编号 ${item.id} 不是批次“${campaign.key}”中的事项：新增的行请把编号留空`);
      if (!existing) {
        creates.push(item);
        continue;
      }
      matched.add(existing.id);
      const before = asParsed(existing);
      const log: ActivityEntry[] = [];
      let after: ParsedCommitment;
      let sourceValues: Provenance['sourceValues'] | undefined;
      if (origin === 'document') {
        const reconciled = reconcileWithSource(before, provenance.get(existing.id) ?? { sourceValues: {}, personFields: {} }, item);
        after = reconciled.item;
        sourceValues = reconciled.sourceValues;
        result.conflicts += reconciled.conflicts.length;
        for (const conflict of reconciled.conflicts) {
          log.push({
            actor, at: now, action: 'import.conflict', commitmentId: existing.id, campaignId,
            summary: conflictReason(conflict), before: { [conflict.field]: conflict.kept }, after: { [conflict.field]: conflict.source },
          });
        }
      } else {
        after = pick(item, IMPORTED_FIELDS) as ParsedCommitment;
      }
      const changed = changedFields(before, after);
      const lastSeen = provenance.get(existing.id)?.sourceValues ?? {};
      const sourceMoved = sourceValues !== undefined && IMPORTED_FIELDS.some((f) => !(f in lastSeen) || !sameValue(sourceValues[f], lastSeen[f]));
      if (!changed.length && !sourceMoved) {
        result.unchanged++;
        continue;
      }
      if (changed.length) {
        log.unshift({
          actor, at: now, action: 'import.update', commitmentId: existing.id, campaignId,
          summary: `${origin === 'document' ? '重新导入更新了' : '表格修改了'}：${describeChanges(before, after, changed)}`,
          before: pick(before, changed), after: pick(after, changed),
        });
        result.updated++;
      } else {
        result.unchanged++;
      }
      updates.push({ id: existing.id, before, after, changed, log, sourceValues });
    }

    // The headings written: a person's kept heading as well as the document's.
    const written = [...creates, ...updates.map((u) => u.after)];
    const departments = await ensureDepartments(trx, [...new Set(written.flatMap((i) => (i.department ? [i.department] : [])))]);
    const departmentOf = (item: ParsedCommitment) => (item.department ? departments.get(item.department)! : null);
    const leaderIds = await ensureLeaders(trx, [
      ...creates.flatMap((i) => i.leaders.map((name) => ({ name, departmentId: departmentOf(i) }))),
      ...updates.filter((u) => u.changed.includes('leaders')).flatMap((u) => u.after.leaders.map((name) => ({ name, departmentId: departmentOf(u.after) }))),
    ]);
    const leaderRows = (commitmentId: number, item: ParsedCommitment) =>
      [...new Set(item.leaders.map((n) => leaderIds.get(leaderKey(n, departmentOf(item)))!))].map((leaderId, position) => ({ commitment_id: commitmentId, leader_id: leaderId, position }));

    const person = { by: actor.name ?? actor.id, at: now.toISOString() };
    const createdIds = new Map<string, number>();
    await inChunks(creates, async (chunk) => {
      const rows = await insertJsonRows<{ id: number; source_key: string }>(trx, 'commitments', COMMITMENT_COLUMNS, chunk.map((item) => ({
        campaign_id: campaignId,
        source_key: sourceKey(item),
        ...importedColumns(item, departmentOf(item), now),
        review_reasons: item.reviewReasons,
        source_values: origin === 'document' ? sourceValuesOf(item) : {},
        person_fields: origin === 'document' ? {} : Object.fromEntries(IMPORTED_FIELDS.map((f) => [f, person])),
      })), ['id', 'source_key']);
      for (const row of rows) createdIds.set(row.source_key, row.id);
    });
    const createdId = (item: Incoming) => createdIds.get(sourceKey(item))!;
    const links = creates.flatMap((item) => leaderRows(createdId(item), item));
    await inChunks(links, (chunk) => insertJsonRows(trx, 'commitment_leaders', { commitment_id: 'integer', leader_id: 'integer', position: 'integer' }, chunk));
    result.created = creates.length;

    for (const update of updates) {
      const personFields = origin === 'spreadsheet' ? personFieldsAfter(provenance.get(update.id), update.changed, person) : undefined;
      await trx.updateTable('commitments').set({
        ...(update.changed.length ? importedColumns(update.after, departmentOf(update.after), now) : {}),
        ...(update.sourceValues ? { source_values: JSON.stringify(update.sourceValues) } : {}),
        ...(personFields ? { person_fields: JSON.stringify(personFields) } : {}),
      }).where('id', '=', update.id).execute();
      if (update.changed.includes('leaders')) {
        await trx.deleteFrom('commitment_leaders').where('commitment_id', '=', update.id).execute();
        const rows = leaderRows(update.id, update.after);
        if (rows.length) await trx.insertInto('commitment_leaders').values(rows).execute();
      }
    }

    const entries: ActivityEntry[] = [
      ...creates.map((item) => ({
        actor, at: now, action: 'import.create' as const, commitmentId: createdId(item), campaignId,
        summary: `导入事项 ${item.department ?? ''} 第${item.seq}项`, after: pick(item, IMPORTED_FIELDS),
      })),
      ...updates.flatMap((u) => u.log),
    ];
    result.notInFile = stored.filter((c) => !matched.has(c.id)).length;
    result.needsReview = Number((await trx.selectFrom('commitments').select((eb) => eb.fn.countAll().as('n'))
      .where('campaign_id', '=', campaignId).where('needs_review', '=', true).executeTakeFirstOrThrow()).n);
    if (result.created || result.updated || result.conflicts) {
      entries.push({
        actor, at: now, action: 'import', campaignId,
        summary: `导入“${campaign.title}”：新增${result.created}项，更新${result.updated}项，未变${result.unchanged}项` +
          (result.conflicts ? `，${result.conflicts}处来源改动与人工修改不同（保留人工修改，已标记需核对）` : ''),
      });
    }
    await inChunks(entries, (chunk) => logActivities(trx, chunk));
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
  await logActivities(db, [{ actor, at: now, action: 'campaign.create', campaignId: id, summary: `新建承诺批次“${campaign.title}”` }]);
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
