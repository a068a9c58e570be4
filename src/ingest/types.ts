/** One commitment as read from a published document: the `parse --json` contract. */
export interface ParsedCommitment {
  /** The department heading as printed, or null (narrative plans). */
  department: string | null;
  seq: number;
  category: string | null;
  text: string;
  /** 'YYYY-MM-DD' or null. */
  deadline: string | null;
  deadlineText: string;
  leaders: string[];
  needsReview: boolean;
  reviewReasons: string[];
}

export class ParseError extends Error {
  constructor(message: string, readonly line?: number) {
    super(line ? `第${line}行：${message}` : message);
  }
}
