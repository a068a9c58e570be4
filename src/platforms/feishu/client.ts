import * as lark from '@larksuiteoapi/node-sdk';
import type { FeishuSettings } from '../../config';
import type { Logger } from '../../logger';
import { PlatformError } from '../platform';

/**
 * The SDK's log lines, routed into ours. On a failed call the SDK logs the
 * whole request, card content (names, phone numbers, ID numbers) included: of
 * an object only the message, method, path, HTTP status, Feishu's code and
 * message and its log id are kept.
 */
export function sdkLogger(log: Logger) {
  const line = (parts: unknown[]) => parts.map(loggable).join(' ');
  return {
    error: (...parts: unknown[]) => log.error(`lark sdk: ${line(parts)}`),
    warn: (...parts: unknown[]) => log.warn(`lark sdk: ${line(parts)}`),
    info: (...parts: unknown[]) => log.debug(`lark sdk: ${line(parts)}`),
    debug: (...parts: unknown[]) => log.debug(`lark sdk: ${line(parts)}`),
    trace: () => undefined,
  };
}

const MAX_TEXT = 300;

function loggable(part: unknown): string {
  if (typeof part === 'string') return part.length > MAX_TEXT ? `${part.slice(0, MAX_TEXT)}…` : part;
  if (Array.isArray(part)) return part.map(loggable).join(' ');
  if (part === null || typeof part !== 'object') return String(part);
  return JSON.stringify(idsOnly(part as Record<string, any>));
}

function idsOnly(o: Record<string, any>): Record<string, unknown> {
  const data = o.response?.data;
  const picked: Record<string, unknown> = {
    message: typeof o.message === 'string' ? o.message.slice(0, MAX_TEXT) : undefined,
    method: o.config?.method ?? o.request?.method,
    path: typeof o.config?.url === 'string' ? o.config.url.split('?')[0] : o.request?.path?.split('?')[0],
    status: o.response?.status ?? o.status,
    code: typeof o.code === 'number' || typeof o.code === 'string' ? o.code : typeof data?.code === 'number' ? data.code : undefined,
    msg: typeof o.msg === 'string' ? o.msg.slice(0, MAX_TEXT) : typeof data?.msg === 'string' ? data.msg.slice(0, MAX_TEXT) : undefined,
    logId: o.log_id ?? o.error?.log_id ?? data?.error?.log_id,
  };
  return Object.fromEntries(Object.entries(picked).filter(([, value]) => value !== undefined));
}

/** A call Feishu does not answer within this is abandoned (and retried by the caller); the SDK sets no limit. */
export const FEISHU_TIMEOUT_MS = 15_000;

/** The SDK client; `cache` lets tests give each client its own token cache. */
export function createFeishuClient(settings: FeishuSettings, cache?: lark.Cache, log?: Logger, timeoutMs = FEISHU_TIMEOUT_MS): lark.Client {
  lark.defaultHttpInstance.defaults.timeout = timeoutMs;
  return new lark.Client({
    appId: settings.appId,
    appSecret: settings.appSecret,
    domain: settings.domain,
    loggerLevel: lark.LoggerLevel.warn,
    ...(log ? { logger: sdkLogger(log) } : {}),
    ...(cache ? { cache } : {}),
  });
}

/** Feishu answered, but not with success (HTTP 200 with code ≠ 0, or an error status). */
export class FeishuApiError extends PlatformError {
  constructor(readonly code: number, message: string, readonly httpStatus?: number, retryAfterMs?: number) {
    // Rate limits and server errors are worth another try (with the same uuid).
    super(`feishu ${code}: ${message}`, 'feishu', code === 99991400 || code === 230020 || (httpStatus ?? 0) >= 500 || httpStatus === 429, retryAfterMs);
  }
}

/** The SDK resolves on HTTP 200 whatever the code: check it. */
export function ensureOk<T extends { code?: number; msg?: string }>(response: T): T {
  if (response?.code !== 0 && response?.code !== undefined) throw new FeishuApiError(response.code, response.msg ?? '');
  return response;
}

/** Turns the SDK's AxiosError (non-2xx) into a FeishuApiError carrying Feishu's code. */
export function asFeishuError(error: unknown): unknown {
  const axiosCode = (error as { code?: string }).code;
  if (axiosCode === 'ECONNABORTED' || axiosCode === 'ETIMEDOUT' || axiosCode === 'ECONNRESET' || axiosCode === 'ECONNREFUSED') {
    return new FeishuApiError(-1, `network: ${axiosCode}`, 599);
  }
  const response = (error as { response?: { status?: number; data?: { code?: number; msg?: string }; headers?: Record<string, string> } }).response;
  if (!response) return error;
  const reset = Number(response.headers?.['x-ogw-ratelimit-reset']);
  return new FeishuApiError(response.data?.code ?? -1, response.data?.msg ?? `HTTP ${response.status}`, response.status, Number.isFinite(reset) ? reset * 1000 : undefined);
}
