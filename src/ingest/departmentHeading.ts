import { looksLikeDepartmentName } from '../domain/departmentNames';
import type { ParsedCommitment } from './types';

/** Why a printed heading needs a person's eye before it becomes a department, if it does. */
export function headingProblem(heading: string): string | undefined {
  if (looksLikeDepartmentName(heading)) return undefined;
  return `部门名称“${heading}”不像部门（不以局、委、办、镇、街道、中心等结尾，也不是已知部门），请核对`;
}

/** The items of a table, flagged first with its heading's problem when it has one. */
export function flagHeading(items: ParsedCommitment[], heading: string): ParsedCommitment[] {
  const problem = headingProblem(heading);
  if (!problem) return items;
  return items.map((item) => ({ ...item, needsReview: true, reviewReasons: [problem, ...item.reviewReasons] }));
}
