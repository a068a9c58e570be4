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
