import http from 'node:http';
import { AddressInfo } from 'node:net';
import { CallRate } from './callRate';
import { parseMultipart } from './multipart';
import { waitFor } from './waitFor';
import { HeldRequests } from './heldRequests';

/**
 * A fake DingTalk OpenAPI on 127.0.0.1: access token, robot batchSend and
 * group send, message file downloads, media upload (the oapi host's), and
 * session webhooks for replies.
 */
export interface DingTalkSent {
  via: 'batchSend' | 'groupSend' | 'session';
  to: string;
  msgKey: string;
  title: string;
  text: string;
  param: any;
}

/** DingTalk's documented limits: a group message's msgParam, users per batchSend, markdown text. */
export const MSG_PARAM_MAX_BYTES = 15_000;
export const BATCH_MAX_USERS = 20;
export const MARKDOWN_MAX_CHARS = 5_000;

function refusal(route: string, body: any): { code: string; message: string } | null {
  if (route === 'POST /robot/sendBySession') {
    const text = String(body.markdown?.text ?? body.text?.content ?? '');
    return [...text].length > MARKDOWN_MAX_CHARS ? { code: 'invalidParameter.markdown.text.tooLong', message: `markdown text longer than ${MARKDOWN_MAX_CHARS}` } : null;
  }
  if (Buffer.byteLength(String(body.msgParam ?? ''), 'utf8') > MSG_PARAM_MAX_BYTES) return { code: 'invalidParameter.msgParam.tooLong', message: `msgParam longer than ${MSG_PARAM_MAX_BYTES} bytes` };
  if (route.includes('oToMessages') && (!Array.isArray(body.userIds) || body.userIds.length > BATCH_MAX_USERS)) return { code: 'invalidParameter.userIds.invalid', message: `userIds must list 1 to ${BATCH_MAX_USERS} users` };
  let param: any;
  try {
    param = JSON.parse(body.msgParam);
  } catch {
    return { code: 'invalidParameter.msgParam.invalid', message: 'msgParam is not JSON' };
  }
  return [...String(param.text ?? '')].length > MARKDOWN_MAX_CHARS ? { code: 'invalidParameter.msgParam.tooLong', message: `markdown text longer than ${MARKDOWN_MAX_CHARS}` } : null;
}

export interface DingTalkCard {
  outTrackId: string;
  space: string;
  templateId: string;
  callbackType: string;
  params: Record<string, string>;
  atUserIds: Record<string, string>;
}

export class FakeDingTalk {
  /** What the fake refused, as DingTalk does: HTTP 400 with a code and message. */
  readonly refused: { code: string; message: string }[] = [];
  /** Interactive cards delivered, one per outTrackId (a repeat of an id is answered as the first, not delivered again). */
  readonly cards: DingTalkCard[] = [];
  /** Users and groups whose account cannot receive interactive cards: delivery reports failure for them. */
  readonly noCards = new Set<string>();
  readonly sent: DingTalkSent[] = [];
  readonly requests: { method: string; path: string; headers: http.IncomingHttpHeaders; body: any }[] = [];
  readonly files = new Map<string, Buffer>();
  readonly media = new Map<string, { name: string; bytes: Buffer }>();
  tokensIssued = 0;
  /** Users topapi/v2/user/getbymobile knows: mobile → userid, or several 浙政钉 exclusive accounts. Resigned users are simply absent. */
  readonly users = new Map<string, string | string[]>();
  /** The look-up's per-app limit (DingTalk's standard edition: about 20 calls a second); unset: unlimited. Over it: errcode 90018. */
  lookupRate?: CallRate;
  /** Web sign-in: authorization codes the login page would hand out, each good once. */
  readonly signInCodes = new Map<string, { unionId: string; nick: string }>();
  /** The organisation's staff ids by unionId (topapi/user/getbyunionid). */
  readonly staffByUnionId = new Map<string, string>();
  private readonly userTokens = new Map<string, { unionId: string; nick: string }>();
  /** Every send (batchSend, group send, card) takes this long, so a test can kill a sender mid-run. */
  sendDelayMs = 0;
  private faults: { match: RegExp; status: number; body: unknown; headers?: Record<string, string> }[] = [];
  private delays: { match: RegExp; ms: number }[] = [];
  private readonly held = new HeldRequests();
  private server?: http.Server;
  private counter = 0;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  sessionWebhook(conversation: string): string {
    return `${this.url}/robot/sendBySession?session=${conversation}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }

  failNext(match: RegExp, status: number, body: unknown, times = 1, headers?: Record<string, string>): void {
    for (let i = 0; i < times; i++) this.faults.push({ match, status, body, headers });
  }

  waitFor<T>(probe: () => T | undefined | null | false | 0, timeoutMs = 3000): Promise<T> {
    return waitFor(probe, timeoutMs, 'the fake DingTalk server');
  }

  /** Answers requests matching `match` (`METHOD /path`) only after `ms`. */
  delay(match: RegExp, ms: number): void {
    this.delays.push({ match, ms });
  }

  /** Requests whose "METHOD /path" matches wait, unanswered, until the returned function is called. */
  hold(match: RegExp): () => void {
    return this.held.hold(match);
  }


  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    let body: any = {};
    try {
      body = chunks.length ? JSON.parse(raw.toString('utf8')) : {};
    } catch {
      body = {};
    }
    const route = `${req.method} ${url.pathname}`;
    this.requests.push({ method: req.method!, path: url.pathname, headers: req.headers, body });
    const delay = this.delays.find((d) => d.match.test(route));
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay.ms));
    await this.held.until(route);
    const fault = this.faults.findIndex((f) => f.match.test(route));
    if (fault >= 0) {
      const { status, body: faultBody, headers } = this.faults.splice(fault, 1)[0];
      return this.json(res, faultBody, status, headers);
    }
    if (route === 'POST /v1.0/oauth2/accessToken') {
      this.tokensIssued++;
      return this.json(res, { accessToken: `dt-token-${this.tokensIssued}`, expireIn: 7200 });
    }
    if (route === 'POST /robot/sendBySession') {
      const refused = refusal(route, body);
      if (refused) return this.refuse(res, refused, { errcode: 400, errmsg: refused.message });
      this.sent.push({ via: 'session', to: url.searchParams.get('session') ?? '', msgKey: body.msgtype, title: body.markdown?.title, text: body.markdown?.text, param: body });
      return this.json(res, { errcode: 0, errmsg: 'ok' });
    }
    // Download URLs are pre-signed: no token needed.
    const file = /^GET \/files\/(.+)$/.exec(route);
    if (file && this.files.has(file[1])) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void res.end(this.files.get(file[1]));
    }
    if (route === 'POST /media/upload') {
      if (!String(url.searchParams.get('access_token') ?? '').startsWith('dt-token-')) return this.json(res, { errcode: 40014, errmsg: 'invalid access_token' });
      const media = parseMultipart(req.headers['content-type'], raw).get('media');
      if (!media?.bytes.length) return this.json(res, { errcode: 40005, errmsg: 'invalid file' });
      const mediaId = `@media_${++this.counter}`;
      this.media.set(mediaId, { name: media.filename ?? '', bytes: media.bytes });
      return this.json(res, { errcode: 0, errmsg: 'ok', type: url.searchParams.get('type'), media_id: mediaId });
    }
    if (route === 'POST /topapi/v2/user/getbymobile') {
      if (!String(url.searchParams.get('access_token') ?? '').startsWith('dt-token-')) return this.json(res, { errcode: 40014, errmsg: '不合法的access_token' });
      if (this.lookupRate && !this.lookupRate.admit()) return this.json(res, { errcode: 90018, errmsg: '当前企业调用该接口的QPS超过限制' });
      const user = this.users.get(String(body.mobile));
      if (user === undefined) return this.json(res, { errcode: 60121, errmsg: '找不到该用户' });
      const result = Array.isArray(user) ? { userid: '', exclusive_account_userid_list: user } : { userid: user, exclusive_account_userid_list: [] };
      return this.json(res, { errcode: 0, errmsg: 'ok', result, request_id: `r${++this.counter}` });
    }
    if (route === 'POST /v1.0/oauth2/userAccessToken') {
      const person = this.signInCodes.get(String(body.code));
      if (!person || body.grantType !== 'authorization_code' || !body.clientId) return this.json(res, { code: 'invalidAuthCode', message: '不合法的临时授权码' }, 400);
      this.signInCodes.delete(String(body.code));
      const token = `dt-user-${++this.counter}`;
      this.userTokens.set(token, person);
      return this.json(res, { accessToken: token, refreshToken: `dt-refresh-${this.counter}`, expireIn: 7200, corpId: 'dingfake' });
    }
    if (route === 'GET /v1.0/contact/users/me') {
      const person = this.userTokens.get(String(req.headers['x-acs-dingtalk-access-token']));
      if (!person) return this.json(res, { code: 'InvalidAuthentication', message: 'token invalid' }, 401);
      return this.json(res, { nick: person.nick, unionId: person.unionId, openId: `open-${person.unionId}`, stateCode: '86' });
    }
    if (route === 'POST /topapi/user/getbyunionid') {
      if (!String(url.searchParams.get('access_token') ?? '').startsWith('dt-token-')) return this.json(res, { errcode: 40014, errmsg: '不合法的access_token' });
      const userId = this.staffByUnionId.get(String(body.unionid));
      if (!userId) return this.json(res, { errcode: 60121, errmsg: '找不到该用户' });
      return this.json(res, { errcode: 0, errmsg: 'ok', result: { contact_type: 0, userid: userId }, request_id: `r${++this.counter}` });
    }
    if (!String(req.headers['x-acs-dingtalk-access-token'] ?? '').startsWith('dt-token-')) {
      return this.json(res, { code: 'InvalidAuthentication', message: 'token invalid' }, 401);
    }
    if (route === 'POST /v1.0/robot/oToMessages/batchSend' || route === 'POST /v1.0/robot/groupMessages/send') {
      const refused = refusal(route, body);
      if (refused) return this.refuse(res, refused, refused, 400);
      const param = JSON.parse(body.msgParam);
      const batch = route.includes('oToMessages');
      this.sent.push({ via: batch ? 'batchSend' : 'groupSend', to: batch ? body.userIds.join(',') : body.openConversationId, msgKey: body.msgKey, title: param.title, text: param.text, param });
      return this.json(res, { processQueryKey: `pq-${++this.counter}` });
    }
    if (this.sendDelayMs && /batchSend|groupMessages|createAndDeliver/.test(route)) await new Promise((r) => setTimeout(r, this.sendDelayMs));
    if (route === 'POST /v1.0/card/instances/createAndDeliver') return this.createAndDeliver(res, body);
    if (route === 'POST /v1.0/robot/messageFiles/download') return this.json(res, { downloadUrl: `${this.url}/files/${body.downloadCode}` });
    return this.json(res, { code: 'NotFound', message: route }, 404);
  }

  private refuse(res: http.ServerResponse, refused: { code: string; message: string }, answer: unknown, status = 200): void {
    this.refused.push(refused);
    this.json(res, answer, status);
  }

  private createAndDeliver(res: http.ServerResponse, body: any): void {
    if (!body.cardTemplateId || !body.outTrackId || !/^dtv1\.card\/\/IM_(ROBOT|GROUP)\./.test(body.openSpaceId ?? '')) {
      return this.json(res, { code: 'invalidParameter', message: 'cardTemplateId, outTrackId and openSpaceId are required' }, 400);
    }
    const space = String(body.openSpaceId).replace(/^dtv1\.card\/\/IM_(ROBOT|GROUP)\./, '');
    const spaceType = String(body.openSpaceId).includes('IM_GROUP') ? 'IM_GROUP' : 'IM_ROBOT';
    if (this.noCards.has(space)) {
      return this.json(res, { success: true, result: { outTrackId: body.outTrackId, deliverResults: [{ spaceType, spaceId: space, success: false, errorMsg: 'card not supported for this account' }] } });
    }
    if (!this.cards.some((c) => c.outTrackId === body.outTrackId)) {
      this.cards.push({
        outTrackId: body.outTrackId, space, templateId: body.cardTemplateId, callbackType: body.callbackType,
        params: body.cardData?.cardParamMap ?? {}, atUserIds: body.imGroupOpenDeliverModel?.atUserIds ?? {},
      });
    }
    this.json(res, { success: true, result: { outTrackId: body.outTrackId, deliverResults: [{ spaceType, spaceId: space, success: true, carrierId: `carrier-${body.outTrackId}` }] } });
  }

  private json(res: http.ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}
