import { Readable } from 'node:stream';
import { Bot } from '../src/bot/bot';
import { silentLogger } from '../src/logger';
import { requestedName, shellIdentity } from '../src/platforms/shell/identity';
import { runShell } from '../src/platforms/shell/repl';
import { ShellPlatform } from '../src/platforms/shell/shellPlatform';
import { Harness, OFFICE, openHarness, shellUser } from './helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(() => h.close());

describe('the shell enters through Bot.receive(), like Feishu and DingTalk', () => {
  async function session(lines: string, id: string, actor = OFFICE): Promise<string[]> {
    const out: string[] = [];
    const bot = new Bot(h.app, new ShellPlatform((t) => out.push(t)), silentLogger);
    await runShell(bot, { actor, input: Readable.from([lines]), write: (t) => out.push(t), interactive: false, session: id });
    return out;
  }

  test('each line is recorded as an inbound event and answered through the platform', async () => {
    const out = await session('/status 市发改局\n/show 1\n', 's1');
    expect(out.join('\n')).toContain('【市发改局 承诺事项】');
    const events = await h.db.selectFrom('inbound_events').select(['event_id', 'platform', 'status']).where('event_id', 'like', 'shell:s1:%').orderBy('event_id').execute();
    expect(events).toEqual([{ event_id: 'shell:s1:1', platform: 'shell', status: 'done' }, { event_id: 'shell:s1:2', platform: 'shell', status: 'done' }]);
  });

  test('a line id seen before is ignored, as a redelivered Feishu event is', async () => {
    await session('/progress 4 50%\n', 's2', shellUser('童安胜'));
    const replayed = await session('/progress 4 50%\n', 's2', shellUser('童安胜'));
    expect(replayed.filter((t) => t.includes('已记录进展'))).toHaveLength(0);
    const reports = await h.db.selectFrom('progress_reports').select('id').where('commitment_id', '=', 4).execute();
    expect(reports).toHaveLength(1);
  });
});

describe('who the shell runs as', () => {
  const leaders = ['童安胜', '吕震河', '俞文胜'];
  test.each([
    [[], {}, { ok: true, name: '督查室', how: 'default' }],
    [['--as', '童安胜'], {}, { ok: true, name: '童安胜', how: 'chosen' }],
    [['--as=童安胜'], {}, { ok: true, name: '童安胜', how: 'chosen' }],
    // `npm start --as 童安胜`: npm keeps the flag and passes only the name.
    [['童安胜'], {}, { ok: true, name: '童安胜', how: 'chosen' }],
    // Older npm passed it as npm_config_as.
    [[], { npm_config_as: '吕震河' }, { ok: true, name: '吕震河', how: 'chosen' }],
    [['--as', '督查室'], {}, { ok: true, name: '督查室', how: 'chosen' }],
  ])('%j %j → %j', (argv, env, expected) => {
    expect(shellIdentity(requestedName(argv as string[], env), leaders)).toEqual(expected);
  });

  test.each([
    [['--as'], /--as 后面要写姓名/],
    [['--as='], /--as 后面要写姓名/],
    [['--as', '童安生'], /没有名为“童安生”的责任领导，未启动。是否是：童安胜/],
    [['--sa', '童安胜'], /不认识的启动参数/],
    [['童安胜', '吕震河'], /一次只能以一个身份进入/],
  ])('%j is refused, never the office in silence', (argv, message) => {
    const identity = shellIdentity(requestedName(argv as string[], {}), leaders);
    expect(identity.ok).toBe(false);
    expect((identity as { message: string }).message).toMatch(message);
  });

  test('advice in the shell is about how the shell identifies people, not /bind', async () => {
    const stranger = shellUser('张三');
    expect((await h.say(stranger, '/mine')).text).toContain('npm start -- --as 您的姓名');
    const refused = (await h.say(stranger, '/done 4')).text;
    expect(refused).toContain('--as');
    expect(refused).not.toContain('/bind');
  });
});
