import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from '../logger';

/**
 * Fastify's own logger, onto ours: warnings and errors only (what a route's
 * error handler reports), with the request's id and the error, nothing of the
 * request itself (addresses, headers, URLs with names in them stay out).
 */
export function fastifyLogger(log: Logger, requestId?: string): FastifyBaseLogger {
  const at = (write: Logger['error']) => (first: unknown, second?: unknown) => {
    const message = typeof first === 'string' ? first : typeof second === 'string' ? second : 'http';
    const err = typeof first === 'object' && first !== null ? (first as { err?: unknown }).err : undefined;
    write(message, { ...(requestId ? { requestId } : {}), ...(err ? { error: String((err as Error).stack ?? err) } : {}) });
  };
  const ignore = () => undefined;
  return {
    level: 'warn',
    fatal: at(log.error),
    error: at(log.error),
    warn: at(log.warn),
    info: ignore,
    debug: ignore,
    trace: ignore,
    silent: ignore,
    child: (bindings: { reqId?: unknown }) => fastifyLogger(log, typeof bindings.reqId === 'string' ? bindings.reqId : requestId),
  } as unknown as FastifyBaseLogger;
}
