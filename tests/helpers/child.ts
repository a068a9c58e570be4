import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const root = path.join(__dirname, '..', '..');

export interface Child { child: ChildProcess; exited: Promise<number | null>; output: () => string }

/** Runs a TypeScript entry point of the repository (through tsx) as its own process, output collected. */
export function runScript(script: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script)], {
    cwd: root, env: { ...process.env, ...env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}
