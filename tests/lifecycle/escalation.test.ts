import { audiences } from '../../src/domain/escalation';

const settings = { escalateAfterDays: 3, escalateHeadAfterWorkdays: 10 };
const item = (colour: 'blue' | 'yellow' | 'red' | null, overdueDays = 0, overdueWorkdays = 0, paused = false, headsTold = false) => ({ colour, overdueDays, overdueWorkdays, paused, headsTold });

test('each colour widens the audience', () => {
  expect(audiences(item(null), settings)).toEqual({ leaders: false, liaisons: false, groups: false, heads: false });
  expect(audiences(item('blue'), settings)).toEqual({ leaders: true, liaisons: false, groups: false, heads: false });
  expect(audiences(item('yellow'), settings)).toEqual({ leaders: true, liaisons: true, groups: false, heads: false });
  expect(audiences(item('red', 1, 1), settings)).toEqual({ leaders: true, liaisons: false, groups: false, heads: false });
  expect(audiences(item('red', 3, 2), settings)).toEqual({ leaders: true, liaisons: true, groups: true, heads: false });
  expect(audiences(item('red', 14, 10), settings)).toEqual({ leaders: true, liaisons: true, groups: true, heads: true });
  expect(audiences(item('red', 15, 11), settings).heads).toBe(true); // a day the job missed is caught up
  expect(audiences(item('red', 15, 11, false, true), settings).heads).toBe(false); // the 督办单 goes once
});

test('a pending review or extension pauses everything', () => {
  expect(audiences(item('red', 20, 10, true), settings)).toEqual({ leaders: false, liaisons: false, groups: false, heads: false });
});
