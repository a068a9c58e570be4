import type { FastifyPluginAsync } from 'fastify';

/** What /readyz asks; each answer is a yes or no, and nothing else leaves the process. */
export interface ReadinessChecks {
  database(): Promise<boolean>;
  migrationsApplied(): Promise<boolean>;
  platformsConnected(): boolean;
}

/**
 * GET /healthz: the process is alive. GET /readyz: it can do its work
 * (database reachable, migrations applied, platforms connected, not shutting
 * down). Unauthenticated, so they reveal only ok / not ready.
 */
export function healthRoutes(checks: ReadinessChecks, draining: () => boolean): FastifyPluginAsync {
  return async (fastify) => {
    fastify.get('/healthz', async (_request, reply) => reply.header('cache-control', 'no-store').send({ status: 'ok' }));
    fastify.get('/readyz', async (_request, reply) => {
      const ready = !draining() && checks.platformsConnected() && (await checks.database().catch(() => false)) && (await checks.migrationsApplied().catch(() => false));
      return reply.code(ready ? 200 : 503).header('cache-control', 'no-store').send({ status: ready ? 'ready' : 'not ready' });
    });
  };
}
