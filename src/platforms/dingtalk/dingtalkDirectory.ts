import { AccountDirectory, Contact, DirectoryOptions, LookupResult, pacer, realSleep } from '../directory';
import { GIVE_UP, quickBackoffMs, withRetries } from '../retry';
import { DingTalkApi, DingTalkApiError } from './api';

const ATTEMPTS = 5;
/** topapi's answer for a mobile with no (active) user: DingTalk does not return resigned users. */
const NO_SUCH_USER = '60121';

/** DingTalk's user look-up by mobile (`topapi/v2/user/getbymobile`), one call per person; e-mails cannot be looked up. */
export class DingTalkDirectory implements AccountDirectory {
  readonly platform = 'dingtalk' as const;
  private readonly pace: () => Promise<void>;
  private readonly sleep: (ms: number) => Promise<unknown>;

  constructor(private readonly api: DingTalkApi, private readonly options: DirectoryOptions) {
    this.sleep = options.sleep ?? realSleep;
    // The standard edition allows about 20 calls a second per app.
    this.pace = pacer(options.perSecond ?? 15, this.sleep);
  }

  private async one(mobile: string): Promise<LookupResult> {
    const call = async () => {
      await this.pace();
      return this.api.userByMobile(mobile);
    };
    try {
      const result = await withRetries(call, (error, attempt) => {
        if (!(error instanceof DingTalkApiError)) return GIVE_UP;
        if (error.tokenRejected) return { retry: true, waitMs: 0, before: () => this.api.forgetToken() };
        return error.retryable ? { retry: true, waitMs: quickBackoffMs(attempt, error.retryAfterMs) } : GIVE_UP;
      }, { attempts: ATTEMPTS, sleep: this.sleep, log: this.options.log, what: 'dingtalk getbymobile' });
      if (result.userId) return { kind: 'found', id: result.userId };
      if (result.exclusive.length === 1) return { kind: 'found', id: result.exclusive[0] };
      return result.exclusive.length ? { kind: 'ambiguous', ids: result.exclusive } : { kind: 'not_found' };
    } catch (error) {
      if (error instanceof DingTalkApiError && error.code === NO_SUCH_USER) return { kind: 'not_found' };
      return { kind: 'failed', error: String((error as Error).message ?? error) };
    }
  }

  async lookup(contacts: Contact[], progress?: (done: number) => void): Promise<LookupResult[]> {
    const results: LookupResult[] = [];
    for (const contact of contacts) {
      results.push(contact.mobile ? await this.one(contact.mobile) : { kind: 'not_found' });
      progress?.(results.length);
    }
    return results;
  }
}
