import type { DingTalkSettings } from '../../config';
import { PlatformError } from '../platform';

/**
 * The DingTalk robot OpenAPI over fetch (DingTalk publishes no official Node
 * SDK for it): access token from the app key and secret, proactive sends to
 * people and groups, replies through a message's session webhook, and file
 * downloads by download code.
 */
export class DingTalkApiError extends PlatformError {
  constructor(readonly status: number, readonly code: string, message: string, retryAfterMs?: number) {
    // Throttling and server trouble are retried; any other 4xx is a refusal that will not change.
    super(`dingtalk ${status} ${code}: ${message}`, 'dingtalk', isThrottle(status, code) || status >= 500, retryAfterMs ?? (isThrottle(status, code) ? THROTTLE_WAIT_MS : undefined));
  }

  get tokenRejected(): boolean {
    return this.status === 401 || /InvalidAuthentication|accessToken|^40014$|^42001$/i.test(this.code);
  }
}

/** DingTalk's QPS limits are per second: without a Retry-After, wait a little longer than that. */
const THROTTLE_WAIT_MS = 1_500;

function isThrottle(status: number, code: string): boolean {
  return status === 429 || /QpsLimit|Throttl|RateLimit|SendTooFast/i.test(code);
}

/** What the API needs of the DingTalk settings (the event mode is not its business). */
export type DingTalkApiSettings = Pick<DingTalkSettings, 'appKey' | 'appSecret' | 'robotCode' | 'apiBase'> & Partial<Pick<DingTalkSettings, 'oapiBase' | 'cardTemplateId'>>;

/** topapi errcodes that mean "too many calls": retried like HTTP 429. */
const TOPAPI_THROTTLE = new Set([90002, 90006, 90018, 90019, 130101]);

/** Refresh the token this long before DingTalk says it expires. */
const TOKEN_MARGIN_MS = 5 * 60 * 1000;

export class DingTalkApi {
  private token?: { value: string; expiresAt: number };

  constructor(readonly settings: DingTalkApiSettings) {}

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    const body = await this.request('POST', '/v1.0/oauth2/accessToken', { appKey: this.settings.appKey, appSecret: this.settings.appSecret }, false);
    const value = String(body.accessToken ?? '');
    if (!value) throw new DingTalkApiError(200, 'NoToken', 'no accessToken in response');
    this.token = { value, expiresAt: Date.now() + Number(body.expireIn ?? 7200) * 1000 - TOKEN_MARGIN_MS };
    return value;
  }

  forgetToken(): void {
    this.token = undefined;
  }

  private async request(method: string, path: string, payload: unknown, authenticated = true): Promise<Record<string, any>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authenticated) headers['x-acs-dingtalk-access-token'] = await this.accessToken();
    return this.fetchJson(`${this.settings.apiBase}${path}`, method, headers, payload);
  }

  private async fetchJson(url: string, method: string, headers: Record<string, string>, payload: unknown): Promise<Record<string, any>> {
    let response: Response;
    try {
      const body = payload === undefined ? undefined : payload instanceof FormData ? payload : JSON.stringify(payload);
      response = await fetch(url, { method, headers, body });
    } catch (error) {
      throw new DingTalkApiError(599, 'NetworkError', String((error as Error).message));
    }
    const text = await response.text();
    let body: Record<string, any> = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { message: text.slice(0, 200) };
    }
    // Session webhooks answer HTTP 200 with {errcode, errmsg}; the OpenAPI uses HTTP status and {code, message}.
    if (!response.ok || (typeof body.errcode === 'number' && body.errcode !== 0)) {
      const retryAfter = Number(response.headers.get('retry-after'));
      const code = String(body.code ?? body.errcode ?? response.status);
      if (typeof body.errcode === 'number' && TOPAPI_THROTTLE.has(body.errcode)) throw new DingTalkApiError(429, `QpsLimit.${body.errcode}`, body.errmsg ?? '');
      throw new DingTalkApiError(response.status, code, String(body.message ?? body.errmsg ?? ''), Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
    }
    return body;
  }

  /**
   * Creates an interactive card from the configured template and delivers it
   * to one person (robot chat) or one group. `outTrackId` is the card's
   * identity: DingTalk keeps one card per id, so a repeat does not post twice.
   */
  async createAndDeliverCard(card: { outTrackId: string; target: { userId: string } | { chatId: string }; cardParamMap: Record<string, string>; atUserIds?: Record<string, string>; callbackType: 'STREAM' | 'HTTP' }): Promise<void> {
    const robotCode = this.settings.robotCode;
    const space = 'userId' in card.target
      ? { openSpaceId: `dtv1.card//IM_ROBOT.${card.target.userId}`, imRobotOpenSpaceModel: { supportForward: false }, imRobotOpenDeliverModel: { spaceType: 'IM_ROBOT', robotCode } }
      : {
        openSpaceId: `dtv1.card//IM_GROUP.${card.target.chatId}`, imGroupOpenSpaceModel: { supportForward: true },
        imGroupOpenDeliverModel: { robotCode, ...(card.atUserIds && Object.keys(card.atUserIds).length ? { atUserIds: card.atUserIds } : {}) },
      };
    const body = await this.request('POST', '/v1.0/card/instances/createAndDeliver', {
      cardTemplateId: this.settings.cardTemplateId, outTrackId: card.outTrackId, callbackType: card.callbackType,
      cardData: { cardParamMap: card.cardParamMap }, userIdType: 1, ...space,
    });
    const failed = ((body.result?.deliverResults ?? []) as { success?: boolean; errorMsg?: string }[]).filter((r) => r.success === false);
    if (failed.length) throw new DingTalkApiError(200, 'CardNotDelivered', failed.map((r) => r.errorMsg ?? '').join('; '));
  }

  /** Sends one message to up to 20 people by staffId. */
  async sendToUsers(userIds: string[], msgKey: string, msgParam: Record<string, unknown>): Promise<string> {
    const body = await this.request('POST', '/v1.0/robot/oToMessages/batchSend', {
      robotCode: this.settings.robotCode, userIds, msgKey, msgParam: JSON.stringify(msgParam),
    });
    return String(body.processQueryKey ?? '');
  }

  async sendToGroup(openConversationId: string, msgKey: string, msgParam: Record<string, unknown>): Promise<string> {
    const body = await this.request('POST', '/v1.0/robot/groupMessages/send', {
      robotCode: this.settings.robotCode, openConversationId, msgKey, msgParam: JSON.stringify(msgParam),
    });
    return String(body.processQueryKey ?? '');
  }

  /** Replies in the conversation a message came from, while its session webhook is valid. */
  async replyBySession(sessionWebhook: string, message: Record<string, unknown>): Promise<void> {
    await this.fetchJson(sessionWebhook, 'POST', { 'content-type': 'application/json' }, message);
  }

  /**
   * Uploads a file for a file message. Media upload lives on the older oapi
   * host, which takes the same access token as a query parameter.
   */
  async uploadFile(name: string, bytes: Buffer): Promise<string> {
    const form = new FormData();
    form.append('media', new Blob([new Uint8Array(bytes)]), name);
    const oapi = this.settings.apiBase === 'https://api.dingtalk.com' ? 'https://oapi.dingtalk.com' : this.settings.apiBase;
    const body = await this.fetchJson(`${oapi}/media/upload?type=file&access_token=${encodeURIComponent(await this.accessToken())}`, 'POST', {}, form);
    if (!body.media_id) throw new DingTalkApiError(200, 'NoMediaId', 'no media_id in upload response');
    return String(body.media_id);
  }

  /** The old-style topapi (oapi host), which takes the same token as a query parameter. */
  private async topapi(path: string, payload: unknown): Promise<Record<string, any>> {
    const base = this.settings.oapiBase ?? 'https://oapi.dingtalk.com';
    return this.fetchJson(`${base}${path}?access_token=${encodeURIComponent(await this.accessToken())}`, 'POST', { 'content-type': 'application/json' }, payload);
  }

  /** The staff id (userId) in this organisation of the person with this unionId (web sign-in). */
  async userIdByUnionId(unionId: string): Promise<string | null> {
    const body = await this.topapi('/topapi/user/getbyunionid', { unionid: unionId });
    return typeof body.result?.userid === 'string' && body.result.userid ? body.result.userid : null;
  }

  /** The user with this mobile: their userId, and in 浙政钉 their exclusive accounts. */
  async userByMobile(mobile: string): Promise<{ userId: string | null; exclusive: string[] }> {
    const body = await this.topapi('/topapi/v2/user/getbymobile', { mobile, support_exclusive_account_search: true });
    return { userId: body.result?.userid || null, exclusive: (body.result?.exclusive_account_userid_list ?? []).map(String) };
  }

  async downloadUrl(downloadCode: string): Promise<string> {
    const body = await this.request('POST', '/v1.0/robot/messageFiles/download', { downloadCode, robotCode: this.settings.robotCode });
    if (!body.downloadUrl) throw new DingTalkApiError(200, 'NoDownloadUrl', 'no downloadUrl');
    return String(body.downloadUrl);
  }
}
