import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Logger, type LoggerService } from '@nestjs/common';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { AnySchema, Database } from './database';
import {
  DatabaseConfigError,
  DatabaseOptions,
  describeDatabaseUrl,
  resolveDialect,
  validateDatabaseOptions,
} from './database-options';
import { createPgPool } from './pg-pool';
import { withStatementCache } from './statement-cache';
import { WalCheckpointer } from './wal-checkpointer';

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** What opening the database logs through: the service's BaseLogger, or a Nest Logger in tests. */
export type PersistenceLogger = Pick<LoggerService, 'log' | 'warn'>;

/** Opens (and for PostgreSQL, proves) the connection. Does not run migrations. */
export async function openDatabase(
  options: DatabaseOptions,
  logger: PersistenceLogger = new Logger('Persistence'),
): Promise<Database> {
  validateDatabaseOptions(options);
  return resolveDialect(options.url) === 'postgres'
    ? openPostgres(options, options.url as string, logger)
    : openSqlite(options, logger);
}

function isInMemory(path: string): boolean {
  return path === ':memory:' || path.startsWith('file::memory:');
}

/** A SQLite file opened the way the service opens each of its files, and what keeps its WAL short. */
export interface SqliteFile {
  sqlite: BetterSqlite3.Database;
  journalMode: string;
  /** The WAL checkpointer thread (WAL files only); stop it before closing the file. */
  checkpointer?: WalCheckpointer;
}

/**
 * Opens a SQLite file as every file of the service is opened (the service database and
 * LangGraph's checkpoints): WAL, busy timeout, NORMAL sync, and the WAL checkpointed from a
 * worker thread rather than inside whichever commit crosses the threshold.
 */
export function openSqliteFile(
  path: string,
  busyTimeoutMs: number,
  logger: PersistenceLogger,
  /** How an error names the file: the setting it comes from. */
  named = path,
): SqliteFile {
  let sqlite: BetterSqlite3.Database;
  try {
    if (!isInMemory(path)) mkdirSync(dirname(resolve(path)), { recursive: true });
    sqlite = new BetterSqlite3(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw new DatabaseConfigError(`cannot open SQLite database at ${named}: ${(error as Error).message}`);
  }
  // WAL lets readers run while one writer writes; NORMAL sync is safe with WAL (a power cut can
  // lose the last commits but never corrupts the file) and much faster than FULL.
  const journalMode = String(sqlite.pragma('journal_mode = WAL', { simple: true }));
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  if (journalMode !== 'wal' && !isInMemory(path)) {
    logger.warn(`SQLite refused WAL journal mode (got "${journalMode}") for ${path}`);
  }
  if (journalMode !== 'wal') return { sqlite, journalMode };
  sqlite.pragma(`wal_autocheckpoint = ${WalCheckpointer.SAFETY_NET_PAGES}`);
  sqlite.pragma(`journal_size_limit = ${WalCheckpointer.WAL_SIZE_LIMIT_BYTES}`);
  const checkpointer = new WalCheckpointer(resolve(path), busyTimeoutMs, (error) =>
    logger.warn(`SQLite WAL checkpointer of ${path} stopped (${error.message}): the writer checkpoints instead`),
  );
  return { sqlite, journalMode, checkpointer };
}

function openSqlite(options: DatabaseOptions, logger: PersistenceLogger): Database {
  const path = options.sqlitePath;
  const { sqlite, journalMode, checkpointer } = openSqliteFile(
    path,
    options.busyTimeoutMs,
    logger,
    `SQLITE_PATH=${path}`,
  );
  const db = new Kysely<AnySchema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const location = isInMemory(path) ? ':memory:' : resolve(path);
  logger.log(`Database: SQLite at ${location} (journal ${journalMode})`);
  return new Database(db, 'sqlite', undefined, location, checkpointer);
}

async function openPostgres(options: DatabaseOptions, url: string, logger: PersistenceLogger): Promise<Database> {
  const location = describeDatabaseUrl(url);
  const connectionTimeoutMillis = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const pool = createPgPool(
    { connectionString: url, max: options.poolMax, connectionTimeoutMillis },
    logger,
    'database-pool',
  );
  const db = new Kysely<AnySchema>({ dialect: new PostgresDialect({ pool }) });
  try {
    // Connect now so a wrong DATABASE_URL stops start-up with a clear message.
    const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
    const schema = rows[0]?.schema ?? undefined;
    if (!schema) throw new Error('no current schema: check the search_path of the database user');
    logger.log(`Database: PostgreSQL at ${location} (schema ${schema}, pool max ${options.poolMax})`);
    return new Database(db, 'postgres', schema, location);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new DatabaseConfigError(
      `cannot connect to PostgreSQL at ${location} (DATABASE_URL): ${(error as Error).message}`,
    );
  }
}
