import { Kysely, PostgresAdapter, SqliteAdapter } from 'kysely';
import type { AnySchema } from './database';
import type { DatabaseDialect } from './database-options';

/**
 * Column types for migrations that must work on both dialects.
 *
 * Timestamps: `timestamptz` in PostgreSQL (real type: date functions, range checks, correct
 * ordering, psql shows readable times) and ISO-8601 UTC text in SQLite, which has no date type.
 * Text in SQLite is safe to compare and sort because every value is written by `toDbTimestamp`
 * (fixed-width `YYYY-MM-DDTHH:mm:ss.sssZ`). Both dialects accept the same ISO string as a query
 * parameter, so repositories bind one value for either.
 *
 * JSON: `jsonb` in PostgreSQL (validated, queryable with ->>), text in SQLite.
 * Booleans: `boolean` in PostgreSQL, 0/1 integer in SQLite (see toDbBoolean).
 */
export interface ColumnTypes {
  /** ULID primary and foreign keys. */
  readonly id: 'text';
  readonly text: 'text';
  readonly timestamp: 'text' | 'timestamptz';
  readonly json: 'text' | 'jsonb';
  readonly boolean: 'integer' | 'boolean';
  readonly integer: 'integer';
  /** 64-bit integers. PostgreSQL returns int8 as a string: read with fromDbInteger. */
  readonly bigint: 'integer' | 'bigint';
  readonly double: 'real' | 'double precision';
}

const SQLITE_TYPES: ColumnTypes = Object.freeze({
  id: 'text',
  text: 'text',
  timestamp: 'text',
  json: 'text',
  boolean: 'integer',
  integer: 'integer',
  bigint: 'integer',
  double: 'real',
});

const POSTGRES_TYPES: ColumnTypes = Object.freeze({
  id: 'text',
  text: 'text',
  timestamp: 'timestamptz',
  json: 'jsonb',
  boolean: 'boolean',
  integer: 'integer',
  bigint: 'bigint',
  double: 'double precision',
});

/**
 * The dialect behind a Kysely instance or transaction. Migrations receive only `db`, so this is
 * how they pick their column types.
 */
export function dialectOf(db: Kysely<AnySchema>): DatabaseDialect {
  // getExecutor() is marked internal in Kysely's typings but is how Kysely's own Migrator reads
  // the adapter; it exists on transactions too.
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  throw new Error(`unsupported Kysely adapter ${adapter.constructor.name}: only SQLite and PostgreSQL are supported`);
}

export function columnTypes(target: DatabaseDialect | Kysely<AnySchema>): ColumnTypes {
  const dialect = typeof target === 'string' ? target : dialectOf(target);
  return dialect === 'postgres' ? POSTGRES_TYPES : SQLITE_TYPES;
}
