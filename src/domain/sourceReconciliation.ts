import type { ParsedCommitment } from '../ingest/types';
import { FIELD_LABEL, IMPORTED_FIELDS, ImportedField, sameValue, showValue } from './importedFields';

/** What is known of where an item's fields came from (stored beside the item). */
export interface Provenance {
  /** The published document's value of each field when last imported. */
  sourceValues: Partial<Record<ImportedField, unknown>>;
  /** Fields a person set, with who and when. */
  personFields: Partial<Record<ImportedField, { by: string; at: string }>>;
}

/** A field the document changed after a person had set it: the person's value is kept. */
export interface Conflict {
  field: ImportedField;
  kept: unknown;
  source: unknown;
  previousSource?: unknown;
}

export interface Reconciled {
  item: ParsedCommitment;
  sourceValues: Provenance['sourceValues'];
  conflicts: Conflict[];
}

/** The flags are the importer's own verdict, so a change in them is never a conflict to report. */
const REVIEW_FIELDS: readonly ImportedField[] = ['needsReview', 'reviewReasons'];

/**
 * A stored item re-read from its published document. A field nobody touched
 * follows the document. A field a person set (recorded, or differing from what
 * the document last said) keeps the person's value; if the document itself now
 * says something else, the item is flagged 需核对 with both values.
 */
export function reconcileWithSource(stored: ParsedCommitment, provenance: Provenance, incoming: ParsedCommitment): Reconciled {
  const item = { ...stored } as Record<ImportedField, unknown>;
  const conflicts: Conflict[] = [];
  for (const field of IMPORTED_FIELDS) {
    const current = stored[field];
    const source = incoming[field];
    const seen = field in provenance.sourceValues;
    const previousSource = provenance.sourceValues[field];
    const setByPerson = field in provenance.personFields || (seen ? !sameValue(current, previousSource) : !sameValue(current, source));
    if (!setByPerson || sameValue(current, source)) {
      item[field] = source;
    } else if (!(seen && sameValue(source, previousSource)) && !REVIEW_FIELDS.includes(field)) {
      conflicts.push({ field, kept: current, source, ...(seen ? { previousSource } : {}) });
    }
  }
  const reconciled = item as unknown as ParsedCommitment;
  if (conflicts.length) {
    const reasons = conflicts.map(conflictReason).filter((r) => !reconciled.reviewReasons.includes(r));
    reconciled.needsReview = true;
    reconciled.reviewReasons = [...reconciled.reviewReasons, ...reasons];
  }
  return { item: reconciled, sourceValues: sourceValuesOf(incoming), conflicts };
}

export function conflictReason(c: Conflict): string {
  const label = FIELD_LABEL[c.field];
  const was = 'previousSource' in c ? `由“${showValue(c.previousSource)}”改为“${showValue(c.source)}”` : `为“${showValue(c.source)}”`;
  return `来源文件的${label}${was}，与人工修改的“${showValue(c.kept)}”不同：已保留人工修改，请核对`;
}

export function sourceValuesOf(item: ParsedCommitment): Provenance['sourceValues'] {
  return Object.fromEntries(IMPORTED_FIELDS.map((f) => [f, item[f]]));
}
