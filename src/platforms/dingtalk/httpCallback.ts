import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Logger } from '../../logger';
import type { DingTalkMessage } from './events';

export const DINGTALK_PATH = '/dingtalk/event';
const MAX_BODY_BYTES = 1024 * 1024;
/** DingTalk's own tolerance for the outgoing robot; real wall clock, never BOT_NOW. */
const MAX_SKEW_MS = 60 * 60 * 1000;

/** sign = Base64(HmacSHA256(key = appSecret, timestamp + "\n" + appSecret)). */
export function dingtalkSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

export function verifyDingTalkRequest(headers: http.IncomingHttpHeaders, appSecret: string, nowMs = Date.now()): string | null {
  const timestamp = String(headers.timestamp ?? '');
  const sign = String(headers.sign ?? '');
  if (!/^\d{10,16}$/.test(timestamp) || !sign) return 'missing timestamp or sign';
  if (Math.abs(nowMs - Number(timestamp)) > MAX_SKEW_MS) return 'stale timestamp';
  const expected = Buffer.from(dingtalkSign(timestamp, appSecret));
  const given = Buffer.from(sign);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad sign';
  return null;
}

/**
 * The outgoing-robot callback: verifies DingTalk's signature, then hands the
 * message over and answers at once (replies go through the session webhook).
 */
export function createDingTalkHandler(options: { appSecret: string; onMessage: (message: DingTalkMessage) => Promise<void>; log: Logger }): http.RequestListener {
  return (req, res) => {
    const finish = (status: number) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{}');
    };
    if ((req.url ?? '').split('?')[0] !== DINGTALK_PATH) return finish(404);
    if (req.method !== 'POST') return finish(405);
    const refused = verifyDingTalkRequest(req.headers, options.appSecret);
    if (refused) {
      options.log.warn('dingtalk callback refused', { reason: refused, ip: req.socket.remoteAddress });
      req.resume();
      return finish(401);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return finish(413);
      let message: DingTalkMessage;
      try {
        message = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return finish(400);
      }
      // Not recorded → 500, so DingTalk delivers it again; answered within 2 s either way.
      const work = options.onMessage(message);
      Promise.race([work.then(() => 200), new Promise<number>((r) => setTimeout(() => r(200), 2000).unref())])
        .then(finish, (error) => {
          options.log.error('dingtalk message not recorded', { error: String(error) });
          finish(500);
        });
      work.catch(() => undefined);
    });
    req.on('error', () => finish(400));
  };
}
