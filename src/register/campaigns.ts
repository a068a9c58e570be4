import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';

export interface CampaignRef {
  id: number;
  key: string;
  title: string;
}

/** What to say when `unknown` name no campaign: the keys there are. */
export function unknownCampaignsText(unknown: string[], campaigns: Pick<CampaignRef, 'key'>[]): string {
  return `没有批次“${unknown.join('、')}”。现有批次：${campaigns.map((c) => c.key).join('、') || '（无）'}`;
}

export async function loadCampaigns(db: Kysely<Database>): Promise<CampaignRef[]> {
  return db.selectFrom('campaigns').select(['id', 'key', 'title']).orderBy('id').execute();
}
