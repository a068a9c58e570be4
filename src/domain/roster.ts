import { normaliseName } from '../ingest/names';

/**
 * The roster (花名册) as rules over data: what a row says, whether its mobile
 * is usable, and which leader of the register it is. No I/O here.
 */
export type RosterRole = 'leader' | 'liaison' | 'admin';

export const ROLE_NAMES: Record<string, RosterRole> = { 领导: 'leader', 责任领导: 'leader', 联络员: 'liaison', 督查室: 'admin', 管理员: 'admin' };

export interface RosterRow {
  /** The spreadsheet row, for the problems sheet. */
  row: number;
  name: string;
  unit: string;
  post: string;
  mobile: string;
  email: string;
  roles: string;
}

/** 11 digits starting with 1, after folding full-width digits, spaces, dashes and a +86 prefix; null when malformed. */
export function normaliseMobile(raw: string): string | null {
  const folded = raw.normalize('NFKC').replace(/[\s\-()（）]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1\d{10}$/.test(folded) ? folded : null;
}

export function normaliseEmail(raw: string): string | null {
  const folded = raw.normalize('NFKC').trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(folded) ? folded : null;
}

/** 领导、联络员: several roles separated by 、，,/ or spaces; none given means 领导. Unknown words are returned apart. */
export function parseRoles(raw: string): { roles: RosterRole[]; unknown: string[] } {
  const words = raw.normalize('NFKC').split(/[、,，/;；\s]+/).filter(Boolean);
  const roles = new Set<RosterRole>();
  const unknown: string[] = [];
  for (const word of words) {
    const role = ROLE_NAMES[word];
    if (role) roles.add(role);
    else unknown.push(word);
  }
  if (!words.length) roles.add('leader');
  return { roles: [...roles], unknown };
}

/** A person's phone shown without most of its digits, for problem lists. */
export function maskMobile(raw: string): string {
  const chars = [...raw.normalize('NFKC').replace(/\s/g, '')];
  if (chars.length < 7) return '*'.repeat(chars.length);
  return `${chars.slice(0, 3).join('')}****${chars.slice(-4).join('')}`;
}

export interface LeaderCandidate {
  id: number;
  name: string;
  departmentId: number | null;
}

export type LeaderMatch =
  | { kind: 'leader'; leaderId: number }
  /** No leader of that name in that unit: a new one is created there. */
  | { kind: 'new' }
  | { kind: 'ambiguous'; leaderIds: number[] };

/**
 * The register leader a roster row stands for. Same-name leaders are told
 * apart by unit: the one in the row's unit, else the only one not yet placed
 * in any unit. Without a unit, a name is enough only when it is unique.
 * Nothing is guessed: several candidates left is 'ambiguous'.
 */
export function matchLeader(name: string, departmentId: number | null, leaders: LeaderCandidate[]): LeaderMatch {
  const key = normaliseName(name);
  const sameName = leaders.filter((l) => l.name === key);
  if (departmentId === null) {
    if (sameName.length === 1) return { kind: 'leader', leaderId: sameName[0].id };
    return sameName.length ? { kind: 'ambiguous', leaderIds: sameName.map((l) => l.id) } : { kind: 'new' };
  }
  const inUnit = sameName.filter((l) => l.departmentId === departmentId);
  if (inUnit.length === 1) return { kind: 'leader', leaderId: inUnit[0].id };
  const unplaced = sameName.filter((l) => l.departmentId === null);
  if (unplaced.length === 1) return { kind: 'leader', leaderId: unplaced[0].id };
  if (unplaced.length > 1) return { kind: 'ambiguous', leaderIds: unplaced.map((l) => l.id) };
  return { kind: 'new' };
}
