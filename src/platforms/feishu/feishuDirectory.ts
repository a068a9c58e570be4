import type * as lark from '@larksuiteoapi/node-sdk';
import { AccountDirectory, Contact, DirectoryOptions, LookupResult, pacer, realSleep } from '../directory';
import { GIVE_UP, quickBackoffMs, withRetries } from '../retry';
import { asFeishuError, ensureOk, FeishuApiError } from './client';

/** Feishu takes at most 50 mobiles and 50 e-mails per batch_get_id call. */
export const FEISHU_BATCH = 50;
const ATTEMPTS = 5;

type UserEntry = { user_id?: string; mobile?: string; email?: string; status?: { is_resigned?: boolean } };

/** Feishu's contact API through the SDK: `contact.user.batchGetId`, open_ids, resigned users reported as such. */
export class FeishuDirectory implements AccountDirectory {
  readonly platform = 'feishu' as const;
  private readonly pace: () => Promise<void>;
  private readonly sleep: (ms: number) => Promise<unknown>;

  constructor(private readonly client: lark.Client, private readonly options: DirectoryOptions) {
    this.sleep = options.sleep ?? realSleep;
    // The contact API allows 50 calls a second per app; stay well under it.
    this.pace = pacer(options.perSecond ?? 20, this.sleep);
  }

  private async batch(mobiles: string[], emails: string[]): Promise<UserEntry[]> {
    const call = async () => {
      await this.pace();
      try {
        return ensureOk(await this.client.contact.user.batchGetId({
          params: { user_id_type: 'open_id' },
          data: { ...(mobiles.length ? { mobiles } : {}), ...(emails.length ? { emails } : {}), include_resigned: true },
        }));
      } catch (raw) {
        throw raw instanceof FeishuApiError ? raw : asFeishuError(raw);
      }
    };
    const response = await withRetries(call, (error, attempt) => (
      error instanceof FeishuApiError && error.retryable ? { retry: true, waitMs: quickBackoffMs(attempt, error.retryAfterMs) } : GIVE_UP
    ), { attempts: ATTEMPTS, sleep: this.sleep, log: this.options.log, what: 'feishu batchGetId' });
    return response.data?.user_list ?? [];
  }

  async lookup(contacts: Contact[], progress?: (done: number) => void): Promise<LookupResult[]> {
    const results: LookupResult[] = [];
    for (let start = 0; start < contacts.length; start += FEISHU_BATCH) {
      const slice = contacts.slice(start, start + FEISHU_BATCH);
      const mobiles = [...new Set(slice.map((c) => c.mobile).filter((m): m is string => !!m))];
      const emails = [...new Set(slice.map((c) => c.email).filter((e): e is string => !!e))];
      let entries: UserEntry[] = [];
      let failure: string | null = null;
      if (mobiles.length || emails.length) {
        try {
          entries = await this.batch(mobiles, emails);
        } catch (error) {
          failure = String((error as Error).message ?? error);
        }
      }
      for (const contact of slice) results.push(failure ? { kind: 'failed', error: failure } : resultFor(contact, entries));
      progress?.(results.length);
    }
    return results;
  }
}

function resultFor(contact: Contact, entries: UserEntry[]): LookupResult {
  const byMobile = contact.mobile ? entries.find((e) => e.mobile === contact.mobile || e.mobile === `+86${contact.mobile}`) : undefined;
  const byEmail = contact.email ? entries.find((e) => e.email?.toLowerCase() === contact.email) : undefined;
  const hits = [byMobile, byEmail].filter((e): e is UserEntry => !!e?.user_id);
  const ids = [...new Set(hits.map((e) => e.user_id!))];
  if (ids.length > 1) return { kind: 'ambiguous', ids };
  if (!ids.length) return { kind: 'not_found' };
  if (hits.every((e) => e.status?.is_resigned)) return { kind: 'resigned', id: ids[0] };
  return { kind: 'found', id: ids[0] };
}
