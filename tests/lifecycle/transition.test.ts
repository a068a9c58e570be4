import { daysLate, lateAgainstOriginal, LifecycleAction, LifecycleRole, LifecycleState, STATES, transition } from '../../src/domain/lifecycle';

const review = { reviewRequired: true };

describe('the one transition function', () => {
  test.each<[LifecycleState, LifecycleAction, LifecycleRole, LifecycleState]>([
    ['待签收', 'ack', 'leader', '办理中'],
    ['待签收', 'ack', 'liaison', '办理中'],
    ['办理中', 'report_done', 'leader', '待审核'],
    ['待签收', 'report_done', 'liaison', '待审核'],
    ['办理中', 'report_done', 'office', '待审核'],
    ['待审核', 'approve', 'office', '已办结'],
    ['待审核', 'return', 'office', '办理中'],
    ['已办结', 'return', 'office', '办理中'],
  ])('%s + %s by %s → %s', (state, action, role, next) => {
    expect(transition(state, action, role, review)).toEqual({ ok: true, next });
  });

  test('without review a reported completion closes directly', () => {
    expect(transition('办理中', 'report_done', 'leader', { reviewRequired: false })).toEqual({ ok: true, next: '已办结' });
  });

  test.each<[LifecycleState, LifecycleAction, LifecycleRole | null]>([
    ['待审核', 'approve', 'leader'],
    ['待审核', 'approve', 'liaison'],
    ['待审核', 'return', 'leader'],
    ['待签收', 'ack', 'office'],
    ['办理中', 'report_done', null],
  ])('%s + %s by %s is forbidden in every state', (state, action, role) => {
    for (const s of [state, ...STATES]) expect(transition(s, action, role, review)).toMatchObject({ ok: false, refusal: 'forbidden' });
  });

  test('repeats are told apart from impossible moves', () => {
    expect(transition('已办结', 'approve', 'office', review)).toMatchObject({ ok: false, refusal: 'already' });
    expect(transition('待审核', 'report_done', 'leader', review)).toMatchObject({ ok: false, refusal: 'already' });
    expect(transition('办理中', 'ack', 'leader', review)).toMatchObject({ ok: false, refusal: 'already' });
    expect(transition('办理中', 'approve', 'office', review)).toMatchObject({ ok: false, refusal: 'invalid' });
    expect(transition('办理中', 'return', 'office', review)).toMatchObject({ ok: false, refusal: 'invalid' });
  });

  test('days late count from the current deadline; `late` from the original one', () => {
    expect(daysLate({ deadline: '2022-11-15' }, '2022-11-20')).toBe(5);
    expect(daysLate({ deadline: '2022-11-15' }, '2022-11-15')).toBe(0);
    expect(lateAgainstOriginal({ deadline: '2023-01-31', originalDeadline: '2022-12-31' }, '2023-01-10', '2023-01-10')).toBe(true);
    expect(lateAgainstOriginal({ deadline: '2022-12-31', originalDeadline: null }, null, '2022-12-20')).toBe(false);
  });
});
