import { spawnSync } from 'node:child_process';

/** CI as CI services set it (true, 1, yes…); unset, empty, "false" or "0" is a developer's machine. */
export function inCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== 'false' && value !== '0';
}

/**
 * Whether the Debian tools a test renders with are all on the PATH. On a developer's machine a
 * missing one skips that test; in CI (.ci/run installs them) it is an error, so the test can never
 * pass there by not running.
 */
export function systemToolsPresent(tools: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  const missing = tools.filter((tool) => spawnSync('/bin/sh', ['-c', 'command -v "$0"', tool], { env }).status !== 0);
  if (!missing.length) return true;
  if (inCI(env)) throw new Error(`CI needs ${missing.join(', ')} on the PATH (.ci/run installs them from Debian)`);
  return false;
}
