import { parseArgs } from 'node:util';

/** A subcommand's arguments once read: positionals plus the options it declares. */
export interface Args {
  positional: string[];
  options: Record<string, string | boolean | undefined>;
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** How the value is written in help, e.g. `2022` for --year. */
  value?: string;
  description: string;
}

export type OptionTable = Record<string, OptionSpec>;

export class UsageError extends Error {}

/** The `--help` text of one subcommand: its usage line and its options. */
export function helpText(usage: string, summary: string, options: OptionTable): string {
  const lines = Object.entries(options).map(([name, spec]) =>
    `  --${name}${spec.type === 'string' ? ` <${spec.value ?? '值'}>` : ''}`.padEnd(28) + spec.description);
  return [`用法：npm run cli -- ${usage}`, `  ${summary}`, ...(lines.length ? ['选项：', ...lines] : []), `  --help`.padEnd(28) + '显示本说明'].join('\n');
}

/**
 * Reads argv against a subcommand's option table (node:util parseArgs, strict):
 * an unknown option or a string option without its value is a UsageError
 * naming it; `--help` is known to every subcommand.
 */
export function readArgs(argv: string[], options: OptionTable, usage: string): Args & { help: boolean } {
  const spec = Object.fromEntries(Object.entries(options).map(([name, o]) => [name, { type: o.type }]));
  try {
    const { values, positionals } = parseArgs({
      args: argv, options: { ...spec, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true,
    });
    const { help, ...rest } = values as Record<string, string | boolean | undefined>;
    const empty = Object.keys(rest).find((name) => rest[name] === '');
    if (empty) throw new UsageError(`--${empty} 需要一个值\n用法：npm run cli -- ${usage}（--help 查看说明）`);
    return { positional: positionals, options: rest, help: help === true };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${describeArgError(error as NodeJS.ErrnoException, options)}\n用法：npm run cli -- ${usage}（--help 查看说明）`);
  }
}

function describeArgError(error: NodeJS.ErrnoException, options: OptionTable): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const known = Object.keys(options).map((n) => `--${n}`);
    return `未知选项 ${option}${known.length ? `，可用的选项：${known.join(' ')}` : '，这个命令没有选项'}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = option.replace(/^-+/, '').split(/[ =]/)[0];
    return options[name]?.type === 'boolean' ? `${option} 不带值` : `${option} 需要一个值`;
  }
  return error.message;
}

export function stringOption(args: Args, name: string): string | undefined {
  const v = args.options[name];
  if (v === true || v === '') throw new UsageError(`--${name} 需要一个值`);
  return typeof v === 'string' ? v : undefined;
}

export function yearOption(args: Args, required: boolean): number | undefined {
  const raw = stringOption(args, 'year');
  if (raw === undefined) {
    if (required) throw new UsageError('请用 --year 指定承诺年份，例如 --year 2022');
    return undefined;
  }
  const year = Number(raw);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new UsageError(`--year “${raw}”不是有效年份`);
  return year;
}
