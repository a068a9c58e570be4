import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery, DatabaseConnection, DatabaseIntrospector, Dialect, DialectAdapter, Driver, Kysely,
  PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, QueryCompiler, QueryResult,
} from 'kysely';
import { isUrgent } from './urgency';

/**
 * A Kysely dialect over an in-process PGlite. PGlite has a single session, so one
 * connection is handed out at a time: a transaction must never interleave with
 * another caller's statements.
 *
 * Ours rather than a published one (#12; looked at in November 2026):
 * - kysely-pglite (0.6.1) hands every caller a connection at once, so one
 *   handler's statements would run inside another's open transaction on the
 *   single session; it also brings a code generator's CLI (oclif, chokidar,
 *   kysely-codegen) as runtime dependencies.
 * - kysely-pglite-dialect (1.3.1) takes turns as we do, but declares
 *   @electric-sql/pglite up to ^0.4 (we run 0.5), has no urgent lane (asUrgent:
 *   recording an arriving event ahead of the handlers' queue, which the burst
 *   acknowledgement relies on) and closes PGlite on destroy without waiting for
 *   the statement in flight.
 * Neither was adopted, so neither was run through the suite or the bench.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter(): DialectAdapter { return new PostgresAdapter(); }
  createDriver(): Driver { return new PGliteDriver(this.pglite); }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector { return new PostgresIntrospector(db); }
  createQueryCompiler(): QueryCompiler { return new PostgresQueryCompiler(); }
}

/**
 * Hands the one connection out in turn: urgent callers (see asUrgent) before
 * the rest, each in arrival order. In a burst, sixteen handlers keep a queue of
 * statements waiting; recording an arriving event goes ahead of that queue, so
 * the event is acknowledged in milliseconds rather than after everyone's reads.
 * Urgent statements cannot starve the rest: the recorder batches what arrives
 * in one turn of the event loop into one statement, so at most one or two wait
 * at a time. (A cap of eight urgent turns in a row was tried: it made the
 * burst's acknowledgements and replies slower, p99 0.9 s and 4 s.)
 */
class PGliteDriver implements Driver {
  private busy = false;
  private readonly urgentWaiters: Array<() => void> = [];
  private readonly waiters: Array<() => void> = [];
  private idle: Promise<void> = Promise.resolve();
  private becomeIdle: () => void = () => undefined;
  private readonly connection: PGliteConnection;

  constructor(private readonly pglite: PGlite) {
    this.connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.busy) await new Promise<void>((resolve) => (isUrgent() ? this.urgentWaiters : this.waiters).push(resolve));
    else this.take();
    return this.connection;
  }

  private take(): void {
    this.busy = true;
    this.idle = new Promise<void>((resolve) => (this.becomeIdle = resolve));
  }

  private handOver(): void {
    const next = this.urgentWaiters.shift() ?? this.waiters.shift();
    if (!next) {
      this.busy = false;
      this.becomeIdle();
      return;
    }
    next();
  }

  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.handOver();
  }

  async destroy(): Promise<void> {
    while (this.busy) await this.idle;
    if (!this.pglite.closed) await this.pglite.close();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(query.sql, [...query.parameters]);
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined ? { numAffectedRows: BigInt(affected) } : {}),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite dialect does not stream');
  }
}
