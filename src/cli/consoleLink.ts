import { loadConfig } from '../config';
import { signInLink } from '../console/signInLink';
import { SHELL_ADMIN } from '../domain/permissions';
import { Args, stringOption, UsageError } from './args';

/** `console link [--as 姓名]`: prints a one-time console sign-in link. Needs no database, so it works beside a running bot. */
export function consoleCommand(args: Args, out: (text: string) => void): void {
  if (args.positional[0] !== 'link') throw new UsageError('用法：console link [--as 姓名]');
  const as = stringOption(args, 'as')?.trim() || SHELL_ADMIN;
  out(`控制台登录链接（${as}，10分钟内有效，仅可使用一次）：`);
  out(signInLink(loadConfig(), as));
}
