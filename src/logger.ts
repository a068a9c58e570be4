import { currentRequestId } from './requestContext';

/** One-line structured logs on stderr, so stdout stays free for the shell and the CLI. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];

export function createLogger(level: Level = 'info', write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const min = LEVELS.indexOf(level);
  const at = (l: Level) => (message: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(l) < min) return;
    const requestId = currentRequestId();
    write(JSON.stringify({ time: new Date().toISOString(), level: l, message, ...(requestId ? { requestId } : {}), ...fields }));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
