import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../logger';

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;

/**
 * The bot's own open_id, which tells "@bot" from other mentions in groups.
 * Read from /bot/v3/info at start; when that fails it is asked again, with
 * backoff, until known. Until then `openId` is null and nobody guesses.
 */
export class BotIdentity {
  openId: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly client: lark.Client, private readonly log: Logger, private readonly firstRetryMs = FIRST_RETRY_MS) {}

  /** One attempt now; on failure, keeps trying in the background. */
  async start(): Promise<void> {
    if (await this.fetch()) return;
    this.retryAfter(this.firstRetryMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private retryAfter(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      if (!(await this.fetch())) this.retryAfter(Math.min(ms * 2, MAX_RETRY_MS));
    }, ms);
    this.timer.unref();
  }

  private async fetch(): Promise<boolean> {
    try {
      const response = await this.client.request<{ code?: number; msg?: string; bot?: { open_id?: string } }>({ method: 'GET', url: '/open-apis/bot/v3/info' });
      const openId = response?.code === 0 ? response.bot?.open_id : undefined;
      if (openId) {
        this.openId = openId;
        this.log.info('bot identity known', { openId });
        return true;
      }
      this.log.warn('bot info refused; mention-based commands wait until it is known', { code: response?.code });
    } catch (error) {
      const status = (error as { response?: { status?: number } }).response?.status;
      this.log.warn('bot info unavailable; mention-based commands wait until it is known', { status, error: (error as Error).message });
    }
    return false;
  }
}
