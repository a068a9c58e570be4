/** Minimal argv reading: positionals plus `--name value` and `--flag`. */
export interface Args {
  positional: string[];
  options: Record<string, string | true>;
}

export function parseArgs(argv: string[], flags: string[] = []): Args {
  const args: Args = { positional: [], options: {} };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token.startsWith('--')) {
      const [name, inline] = token.slice(2).split('=', 2);
      if (inline !== undefined) args.options[name] = inline;
      else if (flags.includes(name) || i + 1 >= argv.length || argv[i + 1].startsWith('--')) args.options[name] = true;
      else args.options[name] = argv[++i];
    } else {
      args.positional.push(token);
    }
  }
  return args;
}

export class UsageError extends Error {}

export function stringOption(args: Args, name: string): string | undefined {
  const v = args.options[name];
  if (v === true) throw new UsageError(`--${name} 需要一个值`);
  return v;
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
