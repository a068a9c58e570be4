import type { Db } from '../../db/connection';
import type { Leader } from '../../db/schema';
import type { Actor } from '../domain/actor';
import { AdminSettings, configuredAdmin, leaderColumn, lifecycleRoleFrom, Role, roleFrom, Standing } from '../domain/permissions';
import { liaisonDepartmentsOf } from './liaisons';

/** Configured admins, and those the office added to the register. */
export async function isAdmin(db: Db, settings: AdminSettings, actor: Actor): Promise<boolean> {
  if (configuredAdmin(settings, actor)) return true;
  const row = await db.selectFrom('admins').select('user_id').where('platform', '=', actor.platform).where('user_id', '=', actor.id).executeTakeFirst();
  return !!row;
}

/** The leader record behind a chat account (in the shell and one-time console links, people are their names). */
export async function leaderOf(db: Db, actor: Actor): Promise<Leader | undefined> {
  const column = leaderColumn(actor);
  if (!column) return undefined;
  return db.selectFrom('leaders').selectAll().where(column, '=', actor.id).executeTakeFirst();
}

export async function liaisonDepartments(db: Db, actor: Actor): Promise<number[]> {
  return liaisonDepartmentsOf(db, actor);
}

export async function standingOf(db: Db, settings: AdminSettings, actor: Actor): Promise<Standing> {
  const leader = await leaderOf(db, actor);
  return {
    leaderId: leader?.id ?? null,
    liaisonDepartmentIds: await liaisonDepartments(db, actor),
    admin: await isAdmin(db, settings, actor),
  };
}

type ItemPeople = { departmentId: number | null; leaders: { id: number }[] };

/** Who may change an item: one of its leaders, a liaison of its department, or an admin. */
export async function roleOn(db: Db, settings: AdminSettings, actor: Actor, item: ItemPeople): Promise<Role | null> {
  return roleFrom(await standingOf(db, settings, actor), item);
}

/** The actor's part in the office's loop: an admin acts as the office, whatever else they are. */
export async function lifecycleRole(db: Db, settings: AdminSettings, actor: Actor, item: ItemPeople): Promise<'office' | 'leader' | 'liaison' | null> {
  return lifecycleRoleFrom(await standingOf(db, settings, actor), item);
}
