import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export interface CampaignRef {
  id: number;
  key: string;
  title: string;
}

export async function loadCampaigns(db: Kysely<Database>): Promise<CampaignRef[]> {
  return db.selectFrom('campaigns').select(['id', 'key', 'title']).orderBy('id').execute();
}
