import http from 'node:http';
import { AddressInfo } from 'node:net';
import { CallRate } from './callRate';
import { checkCard } from './feishuCardRules';
import { parseMultipart } from './multipart';
import { waitFor } from './waitFor';
import { HeldRequests } from './heldRequests';

/**
 * A fake Feishu Open Platform on 127.0.0.1 for the real SDK to talk to: token,
 * bot info, send, reply, patch, batch_get_id, message resources, image and file upload.
 * It records every request, honours `uuid` like Feishu (one message per uuid)
 * and can be told to fail or stall.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface Fault {
  status: number;
  code: number;
  msg?: string;
  headers?: Record<string, string>;
}

export interface PostedMessage {
  messageId: string;
  kind: 'create' | 'reply';
  target: string;
  uuid: string | undefined;
  msgType: string;
  /** The parsed content: a card, or { file_key } for a file message. */
  card: any;
}

export interface UploadedFile {
  fileKey: string;
  fileType: string;
  fileName: string;
  bytes: Buffer;
}

export class FakeFeishu {
  readonly requests: RecordedRequest[] = [];
  readonly posted: PostedMessage[] = [];
  readonly patched: { messageId: string; card: any }[] = [];
  readonly urgent: { messageId: string; kind: string; userIds: string[] }[] = [];
  readonly resources = new Map<string, Buffer>();
  readonly uploads: UploadedFile[] = [];
  botOpenId = 'ou_bot';
  /** The contact directory batch_get_id answers from: mobile or e-mail → user. */
  readonly directory = new Map<string, { openId: string; resigned?: boolean }>();
  /** batch_get_id's per-app limit (50 calls a second); unset: unlimited. Over it: HTTP 429, code 99991400. */
  lookupRate?: CallRate;
  /** Called with every message actually posted (not a uuid repeat). */
  onPost?: (message: PostedMessage) => void;
  /** A share of matching requests (0–1) answered with `fault`, at random. */
  randomFault?: { match: RegExp; rate: number; fault: Fault };
  tokensIssued = 0;
  /** Web sign-in: authorization codes Feishu would hand the browser, each good once, and who they stand for. */
  readonly signInCodes = new Map<string, { openId: string; name: string }>();
  private userTokens = new Map<string, { openId: string; name: string }>();
  private faults: { match: RegExp; fault: Fault }[] = [];
  private delays: { match: RegExp; ms: number }[] = [];
  private readonly held = new HeldRequests();
  private byUuid = new Map<string, string>();
  private server?: http.Server;
  private counter = 0;

  get url(): string {
    const address = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }

  /** The next `times` requests whose "METHOD /path" matches fail with `fault`. */
  failNext(match: RegExp, fault: Fault, times = 1): void {
    for (let i = 0; i < times; i++) this.faults.push({ match, fault });
  }

  delay(match: RegExp, ms: number): void {
    this.delays.push({ match, ms });
  }

  /** Requests whose "METHOD /path" matches wait, unanswered, until the returned function is called. */
  hold(match: RegExp): () => void {
    return this.held.hold(match);
  }

  clearDelays(): void {
    this.delays = [];
  }

  repliesTo(messageId: string): PostedMessage[] {
    return this.posted.filter((p) => p.kind === 'reply' && p.target === messageId);
  }

  waitFor<T>(probe: () => T | undefined | null | false | 0, timeoutMs = 3000): Promise<T> {
    return waitFor(probe, timeoutMs, 'the fake Feishu server');
  }


  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    let body: any = raw.toString('utf8');
    if (String(req.headers['content-type']).includes('json')) {
      try {
        body = JSON.parse(body);
      } catch {
        /* keep text */
      }
    }
    const route = `${req.method} ${url.pathname}`;
    this.requests.push({ method: req.method!, path: url.pathname, query: url.searchParams, headers: req.headers, body });

    const delay = this.delays.find((d) => d.match.test(route));
    if (delay) await new Promise((r) => setTimeout(r, delay.ms));
    await this.held.until(route);
    const chance = this.randomFault;
    if (chance && chance.match.test(route) && Math.random() < chance.rate) {
      return this.json(res, { code: chance.fault.code, msg: chance.fault.msg ?? 'random fault' }, chance.fault.status, chance.fault.headers);
    }
    const faultAt = this.faults.findIndex((f) => f.match.test(route));
    if (faultAt >= 0) {
      const { fault } = this.faults.splice(faultAt, 1)[0];
      return this.json(res, { code: fault.code, msg: fault.msg ?? 'fault injected' }, fault.status, fault.headers);
    }
    if (route === 'POST /open-apis/auth/v3/tenant_access_token/internal') {
      this.tokensIssued++;
      return this.json(res, { code: 0, msg: 'ok', tenant_access_token: `t-fake-${this.tokensIssued}`, expire: 7200 });
    }
    if (route === 'POST /open-apis/auth/v3/app_access_token/internal') {
      this.tokensIssued++;
      return this.json(res, { code: 0, msg: 'ok', app_access_token: `a-fake-${this.tokensIssued}`, expire: 7200 });
    }
    if (route === 'POST /open-apis/authen/v1/oidc/access_token') {
      // The SDK sends the tenant token it holds; a self-built app's app token works too.
      if (!/^Bearer [at]-fake-/.test(String(req.headers.authorization ?? ''))) return this.json(res, { code: 99991663, msg: 'invalid app token' }, 400);
      const user = this.signInCodes.get(body.code);
      if (body.grant_type !== 'authorization_code' || !user) return this.json(res, { code: 20003, msg: 'invalid code' }, 400);
      this.signInCodes.delete(body.code);
      const token = `u-fake-${++this.counter}`;
      this.userTokens.set(token, user);
      return this.json(res, { code: 0, msg: 'ok', data: { access_token: token, token_type: 'Bearer', expires_in: 7200, refresh_token: 'r', scope: '' } });
    }
    if (route === 'GET /open-apis/authen/v1/user_info') {
      const user = this.userTokens.get(String(req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!user) return this.json(res, { code: 99991668, msg: 'invalid user token' }, 400);
      return this.json(res, { code: 0, msg: 'ok', data: { open_id: user.openId, name: user.name } });
    }
    if (!String(req.headers.authorization ?? '').startsWith('Bearer t-fake-')) return this.json(res, { code: 99991663, msg: 'invalid token' }, 400);
    if (route === 'GET /open-apis/bot/v3/info') return this.json(res, { code: 0, msg: 'ok', bot: { open_id: this.botOpenId, app_name: '督办' } });
    if (route === 'POST /open-apis/im/v1/messages') return this.post(res, 'create', url.searchParams.get('receive_id_type') + ':' + body.receive_id, body);
    let m = /^POST \/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(route);
    if (m) return this.post(res, 'reply', m[1], body);
    m = /^PATCH \/open-apis\/im\/v1\/messages\/([^/]+)\/(urgent_app|urgent_sms|urgent_phone)$/.exec(route);
    if (m) {
      this.urgent.push({ messageId: m[1], kind: m[2], userIds: body.user_id_list ?? [] });
      return this.json(res, { code: 0, msg: 'ok', data: { invalid_user_id_list: [] } });
    }
    m = /^PATCH \/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(route);
    if (m) {
      const refusal = checkCard(body.content);
      if (refusal) return this.refuse(res, refusal);
      this.patched.push({ messageId: m[1], card: JSON.parse(body.content) });
      return this.json(res, { code: 0, msg: 'ok', data: {} });
    }
    m = /^GET \/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(route);
    if (m) {
      const bytes = this.resources.get(m[2]);
      if (!bytes) return this.json(res, { code: 234003, msg: 'file not found' }, 400);
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      return void res.end(bytes);
    }
    if (route === 'POST /open-apis/contact/v3/users/batch_get_id') return this.batchGetId(res, url.searchParams, body);
    if (route === 'POST /open-apis/im/v1/files') {
      const fields = parseMultipart(req.headers['content-type'], raw);
      const file = fields.get('file');
      if (!file?.bytes.length || !fields.get('file_name')) return this.json(res, { code: 234001, msg: 'invalid request param' }, 400);
      const upload = { fileKey: `file_v3_fake_${++this.counter}`, fileType: fields.get('file_type')?.bytes.toString('utf8') ?? '', fileName: fields.get('file_name')!.bytes.toString('utf8'), bytes: file.bytes };
      this.uploads.push(upload);
      return this.json(res, { code: 0, msg: 'ok', data: { file_key: upload.fileKey } });
    }
    if (route === 'POST /open-apis/im/v1/images') return this.json(res, { code: 0, msg: 'ok', data: { image_key: `img_${++this.counter}` } });
    return this.json(res, { code: 404, msg: `fake has no ${route}` }, 404);
  }

  /** As Feishu: at most 50 of each; unknown contacts come back without user_id; resigned ones only on request. */
  private batchGetId(res: http.ServerResponse, query: URLSearchParams, body: any): void {
    if (this.lookupRate && !this.lookupRate.admit()) {
      return this.json(res, { code: 99991400, msg: 'request trigger frequency limit' }, 429, { 'x-ogw-ratelimit-reset': '1', 'x-ogw-ratelimit-limit': String(this.lookupRate.perSecond) });
    }
    const mobiles: string[] = body.mobiles ?? [];
    const emails: string[] = body.emails ?? [];
    if (mobiles.length > 50 || emails.length > 50) return this.json(res, { code: 99992402, msg: 'field validation failed: at most 50' }, 400);
    if (query.get('user_id_type') !== 'open_id') return this.json(res, { code: 99992402, msg: 'fake expects user_id_type=open_id' }, 400);
    const entry = (key: string, field: 'mobile' | 'email') => {
      const user = this.directory.get(key);
      if (!user || (user.resigned && !body.include_resigned)) return { [field]: key };
      return { user_id: user.openId, [field]: key, status: { is_resigned: !!user.resigned, is_activated: !user.resigned, is_frozen: false, is_exited: false, is_unjoin: false } };
    };
    const userList = [...mobiles.map((m) => entry(m, 'mobile')), ...emails.map((e) => entry(e, 'email'))];
    this.json(res, { code: 0, msg: 'ok', data: { user_list: userList } });
  }

  private post(res: http.ServerResponse, kind: 'create' | 'reply', target: string, body: any): void {
    if (body.msg_type === 'interactive') {
      const refusal = checkCard(body.content);
      if (refusal) return this.refuse(res, refusal);
    }
    const existing = body.uuid ? this.byUuid.get(body.uuid) : undefined;
    if (existing) return this.json(res, { code: 0, msg: 'ok', data: { message_id: existing } });
    const messageId = `om_fake_${++this.counter}`;
    if (body.uuid) this.byUuid.set(body.uuid, messageId);
    const message: PostedMessage = { messageId, kind, target, uuid: body.uuid, msgType: body.msg_type, card: JSON.parse(body.content) };
    this.posted.push(message);
    this.onPost?.(message);
    this.json(res, { code: 0, msg: 'ok', data: { message_id: messageId, chat_id: 'oc_fake' } });
  }

  /** Feishu refuses a card it will not show with HTTP 400, and the SDK throws. */
  readonly refused: { code: number; msg: string }[] = [];
  private refuse(res: http.ServerResponse, refusal: { code: number; msg: string }): void {
    this.refused.push(refusal);
    this.json(res, refusal, 400);
  }

  private json(res: http.ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}
