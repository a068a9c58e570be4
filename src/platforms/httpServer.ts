import http from 'node:http';

/**
 * One HTTP server per port, shared by the platforms that receive callbacks
 * (Feishu at /webhook/event, DingTalk at /dingtalk/event).
 */
interface Shared {
  server: http.Server;
  routes: Map<string, http.RequestListener>;
  users: number;
}

const servers = new Map<number, Promise<Shared>>();

export interface Route {
  url: string;
  close(): Promise<void>;
}

export async function serveRoute(port: number, path: string, handler: http.RequestListener): Promise<Route> {
  if (port === 0 || !servers.has(port)) {
    const routes = new Map<string, http.RequestListener>();
    const server = http.createServer((req, res) => {
      const route = routes.get((req.url ?? '').split('?')[0]);
      if (route) return route(req, res);
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{}');
    });
    // Longer than the idle timeout of the proxies and clients in front of us, so
    // that they, not we, close idle connections: no request races a close.
    server.keepAliveTimeout = 65_000;
    const started = new Promise<Shared>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => resolve({ server, routes, users: 0 }));
    });
    if (port !== 0) servers.set(port, started);
    return attach(await started, port, path, handler);
  }
  return attach(await servers.get(port)!, port, path, handler);
}

function attach(shared: Shared, port: number, path: string, handler: http.RequestListener): Route {
  shared.routes.set(path, handler);
  shared.users++;
  const address = shared.server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}${path}`,
    close: async () => {
      shared.routes.delete(path);
      if (--shared.users > 0) return;
      servers.delete(port);
      await new Promise<void>((resolve) => shared.server.close(() => resolve()));
    },
  };
}

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

/** A request body as text, refusing more than `maxBytes`. */
export function readBody(req: http.IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new BodyTooLarge(`body over ${maxBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
