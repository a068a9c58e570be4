import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../logger';
import type { CallbackAnswer, CallbackHandler, CallbackRequest } from '../../server/httpServer';

export const WEBHOOK_PATH = '/webhook/event';
/** Feishu's own tolerance; measured on the real clock, never on BOT_NOW. */
const MAX_SKEW_SECONDS = 5 * 60;

export interface WebhookOptions {
  dispatcher: lark.EventDispatcher;
  encryptKey?: string;
  verificationToken?: string;
  log: Logger;
  /** Real wall-clock seconds; replaceable only so tests can check the window. */
  nowSeconds?: () => number;
}

class Refused extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * Serves Feishu events and card callbacks at POST /webhook/event. Before the
 * SDK's dispatcher (which decrypts and checks the signature) sees a request,
 * this checks what the SDK does not: timestamp freshness, the verification
 * token, and that anything is signed at all when an encrypt key is set.
 */
export function createWebhookHandler(options: WebhookOptions): CallbackHandler {
  const cipher = options.encryptKey ? new lark.AESCipher(options.encryptKey) : null;
  const nowSeconds = options.nowSeconds ?? (() => Date.now() / 1000);

  async function handle(req: CallbackRequest): Promise<CallbackAnswer> {
    if (req.method !== 'POST') throw new Refused(405, 'method not allowed');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body);
    } catch {
      throw new Refused(400, 'invalid json');
    }
    if (!body || typeof body !== 'object') throw new Refused(400, 'invalid body');

    let plain: Record<string, any> = body;
    if (typeof body.encrypt === 'string') {
      if (!cipher) throw new Refused(400, 'encrypted event but no FEISHU_ENCRYPT_KEY');
      try {
        plain = JSON.parse(cipher.decrypt(body.encrypt));
      } catch {
        throw new Refused(400, 'cannot decrypt');
      }
    } else if (cipher) {
      throw new Refused(401, 'unencrypted event refused');
    }

    const token = plain.header?.token ?? plain.token;
    if (options.verificationToken && token !== options.verificationToken) throw new Refused(403, 'verification token mismatch');
    if (plain.type === 'url_verification') return { status: 200, body: { challenge: plain.challenge } };

    const timestamp = req.headers['x-lark-request-timestamp'];
    const signed = timestamp && req.headers['x-lark-request-nonce'] && req.headers['x-lark-signature'];
    if (cipher && !signed) throw new Refused(401, 'unsigned event refused');
    if (timestamp && Math.abs(nowSeconds() - Number(timestamp)) > MAX_SKEW_SECONDS) throw new Refused(401, 'stale timestamp');

    const data = Object.assign(Object.create({ headers: req.headers }), body);
    const value = await options.dispatcher.invoke(data);
    if (value === undefined) throw new Refused(401, 'signature mismatch');
    return { status: 200, body: typeof value === 'object' && value !== null ? value : {} };
  }

  return (req) =>
    handle(req).catch((error) => {
      const status = error instanceof Refused ? error.status : 500;
      if (status >= 500) options.log.error('webhook failed', { error: String((error as Error).stack ?? error) });
      else options.log.warn('webhook refused', { reason: (error as Error).message, network: req.network });
      return { status, body: {} };
    });
}
