/** How to reach the database. Built by the gateway from config (DATABASE_URL, SQLITE_PATH, …). */
export interface DatabaseOptions {
  /** Unset or empty → embedded SQLite at `sqlitePath`; `postgres://` / `postgresql://` → PostgreSQL. */
  url?: string;
  /** SQLite file path (its parent folder is created), or `:memory:` for throw-away databases. */
  sqlitePath: string;
  /** SQLite: how long a writer waits for a lock before failing with SQLITE_BUSY. */
  busyTimeoutMs: number;
  /** PostgreSQL: maximum connections in the pg pool. */
  poolMax: number;
  /** PostgreSQL: how long to wait for a pool connection (default 10 s) before a query fails. */
  connectTimeoutMs?: number;
}

export type DatabaseDialect = 'sqlite' | 'postgres';

/** Injection token for the resolved options (forRoot / forRootAsync). */
export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

/** Thrown for options that cannot work; the message names the setting, never a password. */
export class DatabaseConfigError extends Error {
  override readonly name = 'DatabaseConfigError';
}

/** Decides the dialect from the URL. Throws on any scheme we do not support. */
export function resolveDialect(url: string | undefined): DatabaseDialect {
  if (url === undefined || url.trim() === '') return 'sqlite';
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    // Do not echo the value: a malformed URL may still hold a password.
    throw new DatabaseConfigError(
      'DATABASE_URL is not a valid URL: expected postgres://user:password@host:port/database, ' +
        'or leave it unset for the embedded SQLite database',
    );
  }
  if (scheme === 'postgres:' || scheme === 'postgresql:') return 'postgres';
  throw new DatabaseConfigError(
    `DATABASE_URL has unsupported scheme "${scheme.replace(/:$/, '')}": use postgres:// or postgresql://, ` +
      'or leave DATABASE_URL unset for the embedded SQLite database',
  );
}

/** Checks the numeric settings early so a bad value fails at start-up, not on the first query. */
export function validateDatabaseOptions(options: DatabaseOptions): void {
  const dialect = resolveDialect(options.url);
  if (dialect === 'sqlite' && (typeof options.sqlitePath !== 'string' || options.sqlitePath.trim() === '')) {
    throw new DatabaseConfigError('SQLITE_PATH must be a non-empty file path when DATABASE_URL is unset');
  }
  if (!Number.isInteger(options.busyTimeoutMs) || options.busyTimeoutMs < 0) {
    throw new DatabaseConfigError(`busyTimeoutMs must be an integer >= 0 (received ${String(options.busyTimeoutMs)})`);
  }
  if (!Number.isInteger(options.poolMax) || options.poolMax < 1) {
    throw new DatabaseConfigError(`poolMax must be an integer >= 1 (received ${String(options.poolMax)})`);
  }
  const timeout = options.connectTimeoutMs;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 0)) {
    throw new DatabaseConfigError(`connectTimeoutMs must be an integer >= 0 (received ${String(timeout)})`);
  }
}

/** host:port/database of a PostgreSQL URL, for logs: never the user or password. */
export function describeDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
}
