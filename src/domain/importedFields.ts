import type { ParsedCommitment } from '../ingest/types';

/** The fields an import owns; status and progress belong to the people doing the work. */
export const IMPORTED_FIELDS = [
  'department', 'seq', 'category', 'text', 'deadline', 'deadlineText', 'leaders', 'needsReview', 'reviewReasons',
] as const satisfies readonly (keyof ParsedCommitment)[];
export type ImportedField = (typeof IMPORTED_FIELDS)[number];

/** As the spreadsheet's column headers name them. */
export const FIELD_LABEL: Record<ImportedField, string> = {
  department: '部门', seq: '序号', category: '分类', text: '工作目标', deadline: '截止日期',
  deadlineText: '完成时限（原文）', leaders: '责任领导', needsReview: '需核对', reviewReasons: '核对原因',
};

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function changedFields(before: ParsedCommitment, after: ParsedCommitment): ImportedField[] {
  return IMPORTED_FIELDS.filter((k) => !sameValue(before[k], after[k]));
}

/** A field's value as a person reads it in the log: 王珍妮、成宇 · 是 · （空）. */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Array.isArray(value)) return value.length ? value.join('、') : '（空）';
  const text = String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** 责任领导：（空） → 王珍妮、成宇；截止日期：2022-12-31 → 2022-12-20 */
export function describeChanges(before: ParsedCommitment, after: ParsedCommitment, fields: readonly ImportedField[]): string {
  return fields.map((f) => `${FIELD_LABEL[f]}：${showValue(before[f])} → ${showValue(after[f])}`).join('；');
}
