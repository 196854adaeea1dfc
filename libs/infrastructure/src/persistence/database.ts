import { OnApplicationShutdown } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import type { DatabaseDialect } from './database-options';

/**
 * The table map of a database no one module knows in full: every library declares its own tables
 * and narrows `db` to them with `tables<T>()` (see InfrastructureTables). Kysely's documented choice
 * for that is `any`.
 */

export type AnySchema = any;

/**
 * The one database handle of the process. Inject it (or a repository built on it) anywhere.
 *
 * It is produced by PersistenceModule's async factory only after every registered migration has
 * run, so whoever receives it can query straight away, even in a constructor or onModuleInit.
 */
export class Database<DB = AnySchema> implements OnApplicationShutdown {
  private closed = false;

  constructor(
    /** The Kysely instance: use it for queries, transactions and schema work. */
    readonly db: Kysely<DB>,
    readonly dialect: DatabaseDialect,
    /**
     * PostgreSQL schema the connection resolves unqualified names in (`current_schema()`);
     * undefined for SQLite. Migration tables are created there.
     */
    readonly schema: string | undefined,
    /** Where the data lives, safe to log or show on /status (no credentials). */
    readonly location: string,
    /** SQLite in WAL mode: the thread that checkpoints the log (see WalCheckpointer). */
    private readonly checkpointer?: { stop(): Promise<void> },
  ) {}

  /**
   * The handle typed to one library's tables (`database.tables<LettaTables>()`): the one place the
   * shared schema is narrowed, so a renamed column fails to compile wherever it is used.
   */
  tables<Tables>(): Kysely<Tables> {
    return this.db as unknown as Kysely<Tables>;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Round trip to the database; rejects when it cannot answer. */
  async ping(): Promise<void> {
    if (this.closed) throw new Error('database connection is closed');
    await sql`select 1`.execute(this.db);
  }

  /** Closes the pool or the SQLite file. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.checkpointer?.stop();
    await this.db.destroy();
  }

  /**
   * Runs after every onModuleDestroy / beforeApplicationShutdown hook, so other modules can
   * still flush their state to the database while shutting down.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
