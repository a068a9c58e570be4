import type { App } from '../app';
import type { Actor } from '../domain/actor';
import { isAdmin, leaderOf, liaisonDepartments } from '../register/accounts';
import type { ConsoleSession } from '../register/consoleSessions';

/** Who is looking at the console, and what that lets them see and do. */
export interface Viewer {
  actor: Actor;
  displayName: string;
  isOffice: boolean;
  leaderId: number | null;
  liaisonDepartmentIds: number[];
  csrfToken: string;
  sessionHash: string;
}

export async function viewerFor(app: App, session: ConsoleSession): Promise<Viewer> {
  const actor: Actor = { platform: session.actor.platform as Actor['platform'], id: session.actor.id, name: session.actor.name, via: 'console' };
  const leader = await leaderOf(app.db, actor);
  return {
    actor,
    displayName: session.actor.name ?? leader?.name ?? session.actor.id,
    isOffice: await isAdmin(app.db, app.config, actor),
    leaderId: leader?.id ?? null,
    liaisonDepartmentIds: await liaisonDepartments(app.db, actor),
    csrfToken: session.csrfToken,
    sessionHash: session.tokenHash,
  };
}

/** Under CONSOLE_READ=own, people other than the office see only what they answer for. */
export function mayReadDepartment(app: App, viewer: Viewer, departmentId: number | null): boolean {
  if (viewer.isOffice || app.config.console.read === 'all') return true;
  return departmentId !== null && viewer.liaisonDepartmentIds.includes(departmentId);
}

export function mayReadLeader(app: App, viewer: Viewer, leaderId: number): boolean {
  return viewer.isOffice || app.config.console.read === 'all' || viewer.leaderId === leaderId;
}

export function mayReadItem(app: App, viewer: Viewer, item: { departmentId: number | null; leaders: { id: number }[] }): boolean {
  return mayReadDepartment(app, viewer, item.departmentId) || item.leaders.some((l) => l.id === viewer.leaderId);
}
