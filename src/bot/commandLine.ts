/**
 * Reads "/status 市发改局" as Chinese IMEs type it: full-width ／ and spaces,
 * odd widths and case in the command name, @-mention placeholders around it.
 */
export interface CommandLine {
  name: string;
  args: string;
  argv: string[];
}

const SPACES = /[\s\u3000\u00a0]+/;

export function stripMentions(text: string, keys: string[]): string {
  let result = text;
  for (const key of keys.filter(Boolean)) result = result.split(key).join(' ');
  return result.replace(/@_user_\d+|@_all/g, ' ');
}

export function parseCommandLine(text: string): CommandLine | null {
  const trimmed = text.replace(/^[\s\u3000\u00a0]+/, '').replace(/[\s\u3000\u00a0]+$/, '');
  if (!/^[/／]/.test(trimmed)) return null;
  const body = trimmed.slice(1);
  const match = SPACES.exec(body);
  const rawName = match ? body.slice(0, match.index) : body;
  const args = match ? body.slice(match.index + match[0].length) : '';
  const name = rawName.normalize('NFKC').toLowerCase();
  if (!name) return null;
  return { name, args, argv: args ? args.split(SPACES).filter(Boolean) : [] };
}
