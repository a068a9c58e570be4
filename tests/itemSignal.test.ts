import { itemSignal, StateInput } from '../src/domain/itemState';
import { reminderCard } from '../src/rendering/reminderCard';
import { toText } from '../src/rendering/textCard';
import { loadCommitment } from '../src/register/commitments';
import { Harness, itemId, OFFICE, openHarness } from './helpers/harness';

const TODAY = '2022-12-20';
const item = (over: Partial<StateInput>): StateInput => ({ status: '办理中', deadline: null, progressPercent: null, startedOn: '2022-11-20', ...over });

describe('the one 三色: every screen and card asks itemSignal', () => {
  test.each([
    ['finished, even after its deadline', item({ status: '已办结', deadline: '2022-12-01' }), 'done', 'green', '✅', '已办结'],
    ['deadline yesterday', item({ deadline: '2022-12-19' }), 'overdue', 'red', '🔴', '已逾期'],
    ['deadline today', item({ deadline: '2022-12-20' }), 'due_very_soon', 'yellow', '🟡', '3天内到期'],
    ['3 days left', item({ deadline: '2022-12-23' }), 'due_very_soon', 'yellow', '🟡', '3天内到期'],
    ['4 days left', item({ deadline: '2022-12-24' }), 'due_soon', 'blue', '🔵', '临期'],
    ['7 days left', item({ deadline: '2022-12-27' }), 'due_soon', 'blue', '🔵', '临期'],
    ['8 days left, not started', item({ deadline: '2022-12-28' }), 'pending', 'none', '⚪', '办理中'],
    ['8 days left, in progress', item({ deadline: '2022-12-28', progressPercent: 90 }), 'in_progress', 'none', '⚪', '推进中'],
    ['no deadline', item({}), 'pending', 'none', '⚪', '办理中'],
    // Half the time used (30 of 60 days): 20% is more than 25 points behind, 30% is not.
    ['progress behind the calendar', item({ deadline: '2023-01-19', progressPercent: 20 }), 'lagging', 'yellow', '🟡', '进度滞后'],
    ['progress keeping up', item({ deadline: '2023-01-19', progressPercent: 30 }), 'in_progress', 'none', '⚪', '推进中'],
    ['no progress reported: nothing to compare', item({ deadline: '2023-01-19' }), 'pending', 'none', '⚪', '办理中'],
    ['no start known: nothing to compare', item({ deadline: '2023-01-19', progressPercent: 0, startedOn: null }), 'in_progress', 'none', '⚪', '推进中'],
    ['lagging inside the 7 days is yellow, not blue', item({ deadline: '2022-12-26', progressPercent: 10 }), 'lagging', 'yellow', '🟡', '进度滞后'],
    ['waiting for the office\'s review', item({ status: '待审核', deadline: '2022-12-19' }), 'review', 'none', '📝', '待审核'],
    ['assigned, not yet acknowledged', item({ status: '待签收', deadline: '2023-03-01' }), 'unacknowledged', 'none', '📨', '待签收'],
    ['overdue beats lagging', item({ deadline: '2022-12-10', progressPercent: 0 }), 'overdue', 'red', '🔴', '已逾期'],
  ])('%s', (_name, input, state, colour, mark, label) => {
    expect(itemSignal(input, TODAY)).toEqual({ state, colour, mark, label });
  });
});

describe('the same item shows the same colour in /status, /show and its reminder', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness();
  });
  afterAll(() => h.close());

  test.each([
    ['5 days before its deadline (blue: /status used to say blue, the reminder yellow)', '2022-12-26T09:00:00+08:00', '🔵'],
    ['2 days before its deadline', '2022-12-29T09:00:00+08:00', '🟡'],
  ])('%s', async (_name, now, mark) => {
    h.clock.set(now);
    const id = await itemId(h.db, '市经信局', 3); // due 12-31
    const status = (await h.say(OFFICE, '/status 市经信局')).text;
    expect(status).toContain(`${mark} #${id} `);
    expect((await h.say(OFFICE, `/show ${id}`)).text).toContain(`状态：${mark}`);
    const reminder = toText(reminderCard([(await loadCommitment(h.db, id))!], now.slice(0, 10), { audience: 'leader', leader: '应旭军', unbound: [], escalated: [], escalateAfterDays: 30 }));
    expect(reminder).toContain(`${mark} #${id} `);
  });

  test('progress behind the calendar is yellow on /show, as the README promises', async () => {
    h.clock.set('2022-12-20T09:00:00+08:00');
    const id = await itemId(h.db, '市委政法委', 1); // due 12-31; its list is of 2022, so 97% of its year is gone
    await h.say(OFFICE, `/progress ${id} 80%`);
    expect((await h.say(OFFICE, `/show ${id}`)).text).toContain('状态：⚪ 推进中');
    await h.say(OFFICE, `/progress ${id} 70%`);
    expect((await h.say(OFFICE, `/show ${id}`)).text).toContain('状态：🟡 进度滞后');
  });
});
