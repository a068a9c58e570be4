import type { Actor } from '../src/domain/actor';
import { configuredAdmin, leaderColumn, lifecycleRoleFrom, roleFrom, SHELL_ADMIN, Standing } from '../src/domain/permissions';

const item = { departmentId: 7, leaders: [{ id: 1 }, { id: 2 }] };
const nobody: Standing = { admin: false, leaderId: null, liaisonDepartmentIds: [] };

test.each([
  ['nobody', nobody, null, null],
  ['one of its leaders', { ...nobody, leaderId: 2 }, 'leader', 'leader'],
  ['a leader of other items', { ...nobody, leaderId: 3 }, null, null],
  ['a liaison of its department', { ...nobody, liaisonDepartmentIds: [5, 7] }, 'liaison', 'liaison'],
  ['a liaison of another department', { ...nobody, liaisonDepartmentIds: [5] }, null, null],
  ['an admin', { ...nobody, admin: true }, 'admin', 'office'],
  ['an admin who is also its leader', { admin: true, leaderId: 1, liaisonDepartmentIds: [] }, 'leader', 'office'],
  ['a leader who is also its liaison', { admin: false, leaderId: 1, liaisonDepartmentIds: [7] }, 'leader', 'leader'],
] as [string, Standing, string | null, string | null][])('%s: role %s, lifecycle role %s', (_who, standing, role, lifecycle) => {
  expect(roleFrom(standing, item)).toBe(role);
  expect(lifecycleRoleFrom(standing, item)).toBe(lifecycle);
});

test('an item without a department has no liaisons', () => {
  expect(roleFrom({ ...nobody, liaisonDepartmentIds: [7] }, { departmentId: null, leaders: [] })).toBeNull();
});

test.each([
  [{ platform: 'cli', id: 'ops', name: null }, true],
  [{ platform: 'system', id: 'duban', name: null }, true],
  [{ platform: 'shell', id: SHELL_ADMIN, name: SHELL_ADMIN }, true],
  [{ platform: 'shell', id: '童安胜', name: '童安胜' }, false],
  [{ platform: 'console', id: SHELL_ADMIN, name: SHELL_ADMIN }, true],
  [{ platform: 'feishu', id: 'ou_admin', name: null }, true],
  [{ platform: 'feishu', id: 'staff_admin', name: null }, false],
  [{ platform: 'dingtalk', id: 'staff_admin', name: null }, true],
] as [Actor, boolean][])('configured admin: %o → %s', (actor, expected) => {
  expect(configuredAdmin({ adminOpenIds: ['ou_admin'], adminDingTalkIds: ['staff_admin'] }, actor)).toBe(expected);
});

test('people are known by their account on chat platforms and by name in the shell and the console', () => {
  expect(['feishu', 'dingtalk', 'shell', 'console', 'cli'].map((platform) => leaderColumn({ platform, id: 'x', name: null } as Actor)))
    .toEqual(['feishu_open_id', 'dingtalk_staff_id', 'name', 'name', null]);
});
