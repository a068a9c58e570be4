import type { Config } from '../config';
import { consoleSecret } from './secret';
import { mintLinkToken } from './signInLinks';

/** Where people reach the console: PUBLIC_URL, or the local address it listens on. */
export function consoleBaseUrl(config: Config): string {
  if (config.console.publicUrl) return config.console.publicUrl;
  const host = ['0.0.0.0', '::', ''].includes(config.console.host) ? '127.0.0.1' : config.console.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/** A one-time sign-in link (10 minutes, single use) for the office or a named leader. */
export function signInLink(config: Config, as: string, nowMs = Date.now()): string {
  const token = mintLinkToken(consoleSecret(config.console.secret, config.dataDir), as, nowMs);
  return `${consoleBaseUrl(config)}/console/login?token=${token}`;
}
