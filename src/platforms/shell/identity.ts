import { parseArgs } from 'node:util';
import { SHELL_ADMIN } from '../../domain/permissions';
import { similarity } from '../../domain/similarity';

/** Who the local shell runs as, and how it came to be that person. */
export type ShellIdentity =
  | { ok: true; name: string; how: 'default' | 'chosen' }
  | { ok: false; message: string };

export const AS_USAGE = 'npm start -- --as 姓名（或 npm start -- --as=姓名）';

/**
 * The name the shell was asked to run as. `npm start -- --as 姓名` and
 * `--as=姓名` reach us as written; `npm start --as 姓名` does not: npm takes the
 * unknown flag for itself and hands us only the bare name (and older npm put it in
 * npm_config_as), so a lone bare word is honoured as the name too.
 */
export function requestedName(argv: string[], env: NodeJS.ProcessEnv): { name?: string; error?: string } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { as: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return { error: `--as 后面要写姓名，例如 ${AS_USAGE}` };
    return { error: `不认识的启动参数：${argv.join(' ')}。用法：${AS_USAGE}` };
  }
  const { values, positionals } = parsed;
  if (values.as !== undefined) {
    if (!values.as.trim()) return { error: `--as 后面要写姓名，例如 ${AS_USAGE}` };
    if (positionals.length) return { error: `不认识的启动参数：${positionals.join(' ')}。用法：${AS_USAGE}` };
    return { name: values.as.trim() };
  }
  if (positionals.length > 1) return { error: `一次只能以一个身份进入，收到：${positionals.join(' ')}。用法：${AS_USAGE}` };
  if (positionals.length === 1) return { name: positionals[0].trim() };
  if (env.npm_config_as && env.npm_config_as !== 'true') return { name: env.npm_config_as.trim() };
  return {};
}

/** Checks the requested name against the people the shell can be: the office, or a leader of the register. */
export function shellIdentity(requested: { name?: string; error?: string }, leaderNames: string[]): ShellIdentity {
  if (requested.error) return { ok: false, message: requested.error };
  if (requested.name === undefined) return { ok: true, name: SHELL_ADMIN, how: 'default' };
  const name = requested.name;
  if (name === SHELL_ADMIN || leaderNames.includes(name)) return { ok: true, name, how: 'chosen' };
  const close = [SHELL_ADMIN, ...leaderNames]
    .map((candidate) => ({ candidate, score: similarity(name, candidate) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map((c) => c.candidate);
  return {
    ok: false,
    message: `没有名为“${name}”的责任领导，未启动。${close.length ? `是否是：${close.join('、')}？` : ''}用法：${AS_USAGE}；不带 --as 则以${SHELL_ADMIN}（管理员）身份进入。`,
  };
}
