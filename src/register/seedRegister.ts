import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { Clock } from '../clock';
import { systemActor } from '../domain/actor';
import { parseDocument } from '../ingest/parseDocument';
import { CampaignInfo, importCommitments } from './importer';

/** The published list a fresh install starts with (a public newspaper page, kept in `seeds/`). */
export const SEED_CAMPAIGN: CampaignInfo & { file: string } = {
  key: 'yk-2022-11-shuangyue',
  title: '“强作风、破难题、勇争先”双月攻坚大会战公开承诺事项',
  sourceDocument: 'seeds/000_b645e7956584b6cd.txt',
  file: path.join(__dirname, '..', '..', 'seeds', '000_b645e7956584b6cd.txt'),
  year: 2022,
  publishedOn: null,
};

/** Loads the seed register when the database holds no campaign yet. */
export async function seedIfEmpty(db: Kysely<Database>, clock: Clock): Promise<boolean> {
  const any = await db.selectFrom('campaigns').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  const { items } = parseDocument(fs.readFileSync(SEED_CAMPAIGN.file, 'utf8'), SEED_CAMPAIGN.year);
  await importCommitments(db, SEED_CAMPAIGN, items, systemActor, clock);
  return true;
}
