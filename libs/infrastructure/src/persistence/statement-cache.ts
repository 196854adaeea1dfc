import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { LRUCache } from 'lru-cache';

/** Distinct SQL texts kept prepared; the service issues a few hundred, so this bound is rarely reached. */
export const STATEMENT_CACHE_SIZE = 512;

/**
 * The better-sqlite3 database as Kysely's SqliteDialect sees it, but preparing each SQL text once.
 * Kysely prepares on every query, and preparing (parsing and planning) cost as much as running the
 * small queries of the task path. A statement still iterating a result (a stream) is busy and cannot
 * be reused, so a fresh one is prepared for that call. Least recently used texts are evicted first.
 */
export function withStatementCache(sqlite: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const statements = new LRUCache<string, BetterSqlite3.Statement>({ max: size });
  return {
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(sql);
      if (!cached) statements.set(sql, statement);
      return statement;
    },
    close(): void {
      statements.clear();
      sqlite.close();
    },
  };
}
