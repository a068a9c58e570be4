import type { Db } from '../../db/connection';
import type { ExpressionBuilder } from 'kysely';
import type { Database, Department } from '../../db/schema';
import { knownNamesFor, normaliseDepartmentName } from '../domain/departmentNames';
import { similarity } from '../domain/similarity';

/** The department a printed heading names, created with its known aliases on first sight. */
export async function ensureDepartment(db: Db, heading: string): Promise<number> {
  return (await ensureDepartments(db, [heading])).get(heading)!;
}

/** Many headings at once (an import): heading → department id, reading the departments once. */
export async function ensureDepartments(db: Db, headings: string[]): Promise<Map<string, number>> {
  const byName = new Map<string, number>();
  for (const d of await db.selectFrom('departments').select(['id', 'name']).execute()) byName.set(normaliseDepartmentName(d.name), d.id);
  for (const a of await db.selectFrom('department_aliases').selectAll().execute()) byName.set(a.alias, a.department_id);
  const ids = new Map<string, number>();
  for (const heading of headings) {
    let id = byName.get(normaliseDepartmentName(heading));
    if (id === undefined) {
      const names = knownNamesFor(heading) ?? [heading.trim()];
      ({ id } = await db.insertInto('departments').values({ name: names[0] }).returning('id').executeTakeFirstOrThrow());
      // The shown name is an alias too, in its normalised form, so lookups need one query.
      const aliases = [...new Set([...names, heading.trim()].map(normaliseDepartmentName))];
      await db.insertInto('department_aliases').values(aliases.map((alias) => ({ alias, department_id: id! })))
        .onConflict((oc) => oc.column('alias').doNothing()).execute();
      for (const alias of aliases) if (!byName.has(alias)) byName.set(alias, id);
    }
    ids.set(heading, id);
  }
  return ids;
}

/** Every department, in the order they were first seen. */
export async function listDepartments(db: Db): Promise<Department[]> {
  return db.selectFrom('departments').selectAll().orderBy('id').execute();
}

export async function departmentById(db: Db, id: number): Promise<Department | undefined> {
  return db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function addAlias(db: Db, departmentId: number, alias: string): Promise<void> {
  await db
    .insertInto('department_aliases')
    .values({ alias: normaliseDepartmentName(alias), department_id: departmentId })
    .onConflict((oc) => oc.column('alias').doNothing())
    .execute();
}

export type DepartmentLookup =
  | { kind: 'found'; department: Department; exact: boolean }
  | { kind: 'ambiguous' | 'unknown'; candidates: Department[] };

/** Matches the department whose name or alias is exactly `query` (as normalised). */
export function departmentNamed(query: string) {
  const key = normaliseDepartmentName(query);
  return (eb: ExpressionBuilder<Database, 'departments'>) => eb.or([
    eb('departments.name', '=', query.trim()),
    eb('departments.id', 'in', eb.selectFrom('department_aliases').select('department_id').where('alias', '=', key)),
  ]);
}

/** Words that name no department, or several; `candidates` are the closest names, best first. */
export class DepartmentNotFound extends Error {
  constructor(readonly query: string, readonly ambiguous: boolean, readonly candidates: Department[]) {
    super(departmentNotFoundText(query, ambiguous, candidates));
  }
}

/** What to tell the user; `quote` escapes their words where the text is rendered (chat), `hint` follows when nothing is close. */
export function departmentNotFoundText(query: string, ambiguous: boolean, candidates: Department[], quote = (text: string) => text, hint = ''): string {
  const names = candidates.map((d) => d.name).join('、');
  if (ambiguous) return `“${quote(query)}”对应多个部门：${names}。请写得更完整些。`;
  return `找不到部门“${quote(query)}”。${names ? `您是不是要找：${names}？` : hint}`;
}

/** The department the words name, for chat commands and the CLI alike; otherwise DepartmentNotFound. */
export async function requireDepartment(db: Db, query: string): Promise<Department> {
  const found = await findDepartment(db, query);
  if (found.kind === 'found') return found.department;
  throw new DepartmentNotFound(query, found.kind === 'ambiguous', found.candidates);
}

/**
 * Finds a department by exact name, alias, or an unambiguous fragment ("发改");
 * otherwise the closest names, best first.
 */
export async function findDepartment(db: Db, query: string): Promise<DepartmentLookup> {
  const key = normaliseDepartmentName(query);
  if (!key) return { kind: 'unknown', candidates: [] };
  // The common case, an exact name or alias, in one indexed query.
  const direct = await db.selectFrom('departments').selectAll().where(departmentNamed(query)).limit(1).executeTakeFirst();
  if (direct) return { kind: 'found', department: direct, exact: true };

  const departments = await db.selectFrom('departments').selectAll().orderBy('id').execute();
  const aliases = await db.selectFrom('department_aliases').selectAll().execute();
  const namesOf = (d: Department) => [
    normaliseDepartmentName(d.name),
    ...aliases.filter((a) => a.department_id === d.id).map((a) => a.alias),
  ];
  const exact = departments.find((d) => namesOf(d).includes(key));
  if (exact) return { kind: 'found', department: exact, exact: true };

  const containing = departments.filter((d) => namesOf(d).some((n) => n.includes(key)));
  if (containing.length === 1) return { kind: 'found', department: containing[0], exact: false };
  if (containing.length > 1) return { kind: 'ambiguous', candidates: containing.slice(0, 8) };

  const scored = departments
    .map((d) => ({ d, score: Math.max(...namesOf(d).map((n) => similarity(key, n))) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  return { kind: 'unknown', candidates: scored.slice(0, 3).map((s) => s.d) };
}
