import { matchLeader, normaliseMobile, parseRoles } from '../../src/domain/roster';

test.each([
  ['13800001234', '13800001234'],
  ['１３８００００１２３４', '13800001234'],
  ['138 0000 1234', '13800001234'],
  ['138-0000-1234', '13800001234'],
  ['+86 138 0000 1234', '13800001234'],
  ['8613800001234', '13800001234'],
  ['1380000123', null],
  ['23800001234', null],
  ['138000012345', null],
  ['0579-87141234', null],
  ['无', null],
])('mobile %s → %s', (raw, expected) => {
  expect(normaliseMobile(raw)).toBe(expected);
});

test('roles: several separated by 、, none means 领导, unknown words set apart', () => {
  expect(parseRoles('领导、联络员')).toEqual({ roles: ['leader', 'liaison'], unknown: [] });
  expect(parseRoles('')).toEqual({ roles: ['leader'], unknown: [] });
  expect(parseRoles('督查室，秘书')).toEqual({ roles: ['admin'], unknown: ['秘书'] });
});

describe('same-name leaders are told apart by unit, never guessed', () => {
  const leaders = [
    { id: 1, name: '张伟', departmentId: 10 },
    { id: 2, name: '张伟', departmentId: 20 },
    { id: 3, name: '李娜', departmentId: null },
    { id: 4, name: '王芳', departmentId: 10 },
  ];
  test.each([
    ['张伟', 20, { kind: 'leader', leaderId: 2 }],
    ['张 伟', 10, { kind: 'leader', leaderId: 1 }],
    ['张伟', null, { kind: 'ambiguous', leaderIds: [1, 2] }],
    ['张伟', 30, { kind: 'new' }],
    ['李娜', 30, { kind: 'leader', leaderId: 3 }],
    ['王芳', null, { kind: 'leader', leaderId: 4 }],
    ['赵六', 10, { kind: 'new' }],
  ] as const)('%s in unit %s', (name, unit, expected) => {
    expect(matchLeader(name, unit, leaders)).toEqual(expected);
  });
});
