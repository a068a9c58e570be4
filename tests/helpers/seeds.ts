import fs from 'node:fs';
import path from 'node:path';

const SEEDS = path.join(__dirname, '..', '..', 'seeds');

export function seedPath(prefix: string): string {
  const file = fs.readdirSync(SEEDS).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`no seed ${prefix}`);
  return path.join(SEEDS, file);
}

export function readSeed(prefix: string): string {
  return fs.readFileSync(seedPath(prefix), 'utf8');
}
