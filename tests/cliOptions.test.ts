import type { App } from '../src/app';
import { UsageError } from '../src/cli/args';
import { COMMANDS, runCli } from '../src/cli/commands';

/** Runs the CLI in-process; a command that reaches for the database fails the test. */
async function run(argv: string[]) {
  const lines: string[] = [];
  const open = async (): Promise<App> => { throw new Error('opened the database'); };
  const code = await runCli(argv, (t) => lines.push(t), open);
  return { code, text: lines.join('\n') };
}

describe('the CLI reads its options with node:util parseArgs', () => {
  test.each(Object.keys(COMMANDS))('%s --help prints its usage and options without touching the database', async (name) => {
    const { code, text } = await run([name, '--help']);
    expect(code).toBe(0);
    expect(text).toContain(`用法：npm run cli -- ${COMMANDS[name].usage}`);
    for (const option of Object.keys(COMMANDS[name].options)) expect(text).toContain(`--${option}`);
  });

  test.each([
    [['import', 'x.txt', '--yaer', '2022'], /未知选项 --yaer，可用的选项：--year --campaign --title --published/],
    [['run-job', 'reminders', '--dya', '2022-12-28'], /未知选项 --dya/],
    [['campaigns', '--all'], /未知选项 --all，这个命令没有选项/],
    [['parse', 'x.txt', '--year'], /--year 需要一个值/],
    [['parse', 'x.txt', '--json=yes', '--year', '2022'], /--json 不带值/],
    [['run-job', 'reminders', '--day='], /--day 需要一个值/],
    [['console', 'link', '--sa', '童安胜'], /未知选项 --sa，可用的选项：--as/],
    [['console', 'link', '--as'], /--as 需要一个值/],
  ])('%j is refused before anything runs', async (argv, message) => {
    await expect(run(argv)).rejects.toThrow(UsageError);
    await expect(run(argv)).rejects.toThrow(message);
  });

  test('an unknown subcommand is refused with the list of commands', async () => {
    await expect(run(['imprt'])).rejects.toThrow(/未知命令“imprt”[\s\S]*run-job/);
  });
});
