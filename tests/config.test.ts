import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { CONFIG_VARIABLES } from '../src/configSchema';
import { daysBetween, endOfShanghaiDay, ManualClock, shanghaiDay, startOfShanghaiDay } from '../src/clock';

describe('config', () => {
  test('defaults need nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ dataDir: './data', port: 3000, feishu: undefined, adminOpenIds: [] });
  });

  test.each([
    [{ BOT_NOW: 'yesterday' }, /^BOT_NOW/],
    [{ PORT: '70000' }, /^PORT/],
    [{ FEISHU_APP_ID: 'cli_x' }, /^FEISHU_APP_SECRET/],
    [{ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_EVENT_MODE: 'http' }, /^FEISHU_EVENT_MODE/],
    [{ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_EVENT_MODE: 'webhook' }, /^FEISHU_ENCRYPT_KEY/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL/],
  ])('%p is refused with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  test('every problem is reported at once, one line each, with what was given', () => {
    const env = {
      BOT_NOW: 'yesterday', PORT: '0', LOG_LEVEL: 'loud', FEISHU_APP_ID: 'cli_x', URGE_SMS: 'maybe',
      DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's', DINGTALK_EVENT_MODE: 'ws', REMINDER_DAYS_BEFORE: '7,x',
    };
    let error: unknown;
    try {
      loadConfig(env);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      'BOT_NOW 应为 ISO 时间（例：2022-11-20T09:00:00+08:00），实际是“yesterday”',
      'PORT 应为 1 到 65535 之间的整数，实际是“0”',
      'LOG_LEVEL 只能是 debug、info、warn 或 error，实际是“loud”',
      'REMINDER_DAYS_BEFORE 应为逗号分隔的 0 到 60 之间的天数，例如 7,3,1,0，实际是“7,x”',
      'URGE_SMS 只能是 true 或 false，实际是“maybe”',
      'FEISHU_APP_SECRET 未设置（已设置 FEISHU_APP_ID）',
      'DINGTALK_EVENT_MODE 只能是 stream 或 http，实际是“ws”',
    ]);
    expect((error as Error).message.split('\n')).toEqual(problems);
  });

  test('a secret is never repeated in a message', () => {
    const secrets = {
      DATABASE_URL: 'mysql://duban:hunter2@db.internal/duban', FEISHU_APP_SECRET: 'feishu-secret-1', FEISHU_ENCRYPT_KEY: 'encrypt-key-2',
      FEISHU_VERIFICATION_TOKEN: 'token-3', DINGTALK_APP_SECRET: 'dingtalk-secret-4', CONSOLE_SECRET: 'console-secret-5',
    };
    let message = '';
    try {
      loadConfig({ ...secrets, PORT: 'x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^DATABASE_URL 应以 postgres:\/\/ 或 postgresql:\/\/ 开头（出于安全，不显示所填的值）$/m);
    expect(message).toMatch(/^DINGTALK_APP_KEY 未设置/m);
    for (const value of [...Object.values(secrets), 'hunter2', 'mysql']) expect(message).not.toContain(value);
  });

  test('.env.example names every variable, each at its default', () => {
    const lines = fs.readFileSync(path.join(__dirname, '..', '.env.example'), 'utf8').split('\n').filter((l) => /^[A-Z_]+=/.test(l));
    const example = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(Object.keys(example).sort()).toEqual([...CONFIG_VARIABLES].sort());
    expect(loadConfig(example)).toEqual(loadConfig({}));
  });

  test('feishu settings', () => {
    const config = loadConfig({ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', ADMIN_OPEN_IDS: 'ou_a, ou_b', FEISHU_DOMAIN: 'http://127.0.0.1:9/' });
    expect(config.feishu).toMatchObject({ appId: 'cli_x', eventMode: 'ws', domain: 'http://127.0.0.1:9' });
    expect(config.adminOpenIds).toEqual(['ou_a', 'ou_b']);
  });
});

describe('clock and calendar', () => {
  test('calendar days are Shanghai days whatever the machine TZ', () => {
    const lateUtc = new Date('2022-11-30T17:30:00Z');
    expect(shanghaiDay(lateUtc)).toBe('2022-12-01');
    expect(endOfShanghaiDay('2022-12-31').toISOString()).toBe('2022-12-31T15:59:59.999Z');
    expect(daysBetween('2022-11-25', '2022-12-31')).toBe(36);
  });

  test('a manual clock moves only when told', () => {
    const clock = new ManualClock('2022-11-20T09:00:00+08:00');
    clock.advance(60_000);
    expect(clock.now().toISOString()).toBe('2022-11-20T01:01:00.000Z');
  });
});

describe('dingtalk settings', () => {
  test('both or neither credential, a known mode', () => {
    expect(() => loadConfig({ DINGTALK_APP_KEY: 'k' })).toThrow(/^DINGTALK_APP_SECRET/);
    expect(() => loadConfig({ DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's', DINGTALK_EVENT_MODE: 'ws' })).toThrow(/^DINGTALK_EVENT_MODE/);
    expect(loadConfig({ DINGTALK_APP_KEY: 'k', DINGTALK_APP_SECRET: 's' }).dingtalk).toEqual({
      appKey: 'k', appSecret: 's', robotCode: 'k', eventMode: 'stream', apiBase: 'https://api.dingtalk.com',
    });
  });

  test('job settings are checked too', () => {
    expect(() => loadConfig({ REMINDER_CRON: '99 9 * * *' })).toThrow(/^REMINDER_CRON/);
    expect(() => loadConfig({ REMINDER_DAYS_BEFORE: '7,x' })).toThrow(/^REMINDER_DAYS_BEFORE/);
    expect(loadConfig({ REMINDER_DAYS_BEFORE: '1, 5,3' }).jobs.reminderDaysBefore).toEqual([5, 3, 1]);
  });
});

describe('Shanghai calendar arithmetic agrees with the time-zone database', () => {
  test.each(['2022-01-01T00:00:00Z', '2022-06-30T15:59:59.999Z', '2022-06-30T16:00:00Z', '2023-12-31T23:30:00Z', '2030-03-10T12:00:00Z'])('%s', (iso) => {
    const at = new Date(iso);
    const day = shanghaiDay(at);
    expect(day).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at));
    expect(endOfShanghaiDay(day).getTime()).toBeGreaterThanOrEqual(at.getTime());
    expect(startOfShanghaiDay(day).getTime()).toBeLessThanOrEqual(at.getTime());
    expect(endOfShanghaiDay(day).getTime() - startOfShanghaiDay(day).getTime()).toBe(86_400_000 - 1);
  });
});
