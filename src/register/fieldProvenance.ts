import type { Db } from '../../db/connection';
import type { Actor } from '../domain/actor';
import type { ImportedField } from '../domain/importedFields';
import type { Provenance } from '../domain/sourceReconciliation';

type PersonMark = { by: string; at: string };

/** Where each item's fields came from, for every item of a campaign. */
export async function loadProvenance(db: Db, campaignId: number): Promise<Map<number, Provenance>> {
  const rows = await db.selectFrom('commitments').select(['id', 'source_values', 'person_fields']).where('campaign_id', '=', campaignId).execute();
  return new Map(rows.map((r) => [r.id, { sourceValues: r.source_values, personFields: r.person_fields }]));
}

export function personFieldsAfter(provenance: Provenance | undefined, fields: readonly ImportedField[], mark: PersonMark): Provenance['personFields'] {
  return { ...(provenance?.personFields ?? {}), ...Object.fromEntries(fields.map((f) => [f, mark])) };
}

/**
 * Records that a person set these fields of an item (a chat command or the
 * console changing a deadline or the leaders), so that re-importing the
 * published list keeps them. Call inside the transaction that changes them.
 */
export async function markSetByPerson(db: Db, commitmentId: number, fields: readonly ImportedField[], actor: Actor, at: Date): Promise<void> {
  const row = await db.selectFrom('commitments').select('person_fields').where('id', '=', commitmentId).executeTakeFirstOrThrow();
  const marked = personFieldsAfter({ sourceValues: {}, personFields: row.person_fields }, fields, { by: actor.name ?? actor.id, at: at.toISOString() });
  await db.updateTable('commitments').set({ person_fields: JSON.stringify(marked) }).where('id', '=', commitmentId).execute();
}
