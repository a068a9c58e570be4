import Fastify, { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ManualClock } from '../../src/clock';
import { consolePlugin } from '../../src/console/plugin';
import { mintLinkToken } from '../../src/console/signInLinks';
import { Harness, openHarness } from './harness';

export const SECRET = 'test-console-secret';

export interface ConsoleHarness extends Harness {
  server: FastifyInstance;
  wallClock: ManualClock;
  /** Signs in through a one-time link; returns the session cookie header. */
  signIn(as?: string): Promise<Session>;
  link(as?: string): string;
}

export interface Session {
  cookie: string;
  get(url: string): Promise<LightMyRequestResponse>;
  /** A form post with the page's CSRF token (unless `csrf: null`). */
  post(url: string, form: Record<string, string>, options?: { csrf?: string | null }): Promise<LightMyRequestResponse>;
  csrf: string;
}

/** The seed register, the console on its own fastify instance, and a wall clock the test moves. */
export async function openConsole(options: { env?: Record<string, string>; feishu?: any } = {}): Promise<ConsoleHarness> {
  const harness = await openHarness({ env: options.env });
  const wallClock = new ManualClock('2026-01-05T09:00:00Z');
  const server = Fastify();
  await server.register(consolePlugin, { app: harness.app, wallClock, secret: SECRET, baseUrl: 'http://127.0.0.1', feishu: options.feishu });
  await server.ready();
  const link = (as = '督查室') => `/console/login?token=${mintLinkToken(SECRET, as, wallClock.now().getTime())}`;
  return {
    ...harness, server, wallClock, link,
    async signIn(as = '督查室') {
      const token = new URL(link(as), 'http://x').searchParams.get('token')!;
      const response = await server.inject({ method: 'POST', url: '/console/login', payload: { token } });
      if (response.statusCode !== 302) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
      const cookie = String(response.headers['set-cookie']).split(';')[0];
      return sessionFor(server, cookie);
    },
    async close() {
      await server.close();
      await harness.close();
    },
  };
}

export async function sessionFor(server: FastifyInstance, cookie: string): Promise<Session> {
  const get = (url: string) => server.inject({ method: 'GET', url, headers: { cookie } });
  const home = await get('/console/departments');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home.body)?.[1] ?? '';
  return {
    cookie, csrf, get,
    post: (url, form, opts = {}) => server.inject({
      method: 'POST', url, headers: { cookie },
      payload: opts.csrf === null ? form : { _csrf: opts.csrf ?? csrf, ...form },
    }),
  };
}

/** A test file's console with the office signed in, opened before its tests and closed after. */
export function consoleForFile(): { h: ConsoleHarness; office: Session } {
  const shared = {} as { h: ConsoleHarness; office: Session };
  beforeAll(async () => {
    shared.h = await openConsole();
    shared.office = await shared.h.signIn();
  });
  afterAll(() => shared.h.close());
  return shared;
}
