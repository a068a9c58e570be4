import type { FastifyPluginAsync } from 'fastify';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { outboxDepth } from '../../jobs/outbox';
import type { App } from '../app';
import { processRegistry } from '../metrics';
import { countByStatus } from '../register/statistics';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * GET /metrics in Prometheus text format: the process counters plus the
 * outbox and the register as they stand at the scrape. Answered to loopback
 * only unless METRICS_HOST allows more (an address, or * for anyone).
 */
export function metricsRoutes(app: App, allowed: string[]): FastifyPluginAsync {
  const scrape = new Registry();
  collectDefaultMetrics({ register: scrape, prefix: 'duban_process_' });
  new Gauge({
    name: 'duban_outbox_messages',
    help: 'Outbox messages by kind and state',
    labelNames: ['kind', 'state'] as const,
    registers: [scrape],
    async collect() {
      this.reset();
      for (const row of await outboxDepth(app.db)) this.set({ kind: row.kind, state: row.status }, row.count);
    },
  });
  new Gauge({
    name: 'duban_commitments',
    help: 'Register items by state',
    labelNames: ['state'] as const,
    registers: [scrape],
    async collect() {
      this.reset();
      for (const row of await countByStatus(app.db)) this.set({ state: row.status }, row.count);
    },
  });
  const registry = Registry.merge([processRegistry, scrape]);
  const open = allowed.includes('*');

  return async (fastify) => {
    fastify.get('/metrics', async (request, reply) => {
      if (!open && !LOOPBACK.has(request.socket.remoteAddress ?? '') && !allowed.includes(request.socket.remoteAddress ?? '')) {
        return reply.code(404).send({});
      }
      return reply.header('content-type', registry.contentType).send(await registry.metrics());
    });
  };
}
