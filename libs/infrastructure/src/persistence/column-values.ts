import { jsonTextOf } from '../core/json/json-text';
import type { DatabaseDialect } from './database-options';

/**
 * Conversions between JavaScript values and the column types from column-types.ts. Repositories
 * write with `toDb*` and read with `fromDb*`, so rows look the same on both dialects.
 */

/** Binds a timestamp: ISO-8601 UTC with milliseconds. Valid for text (SQLite) and timestamptz. */
export function toDbTimestamp(value: Date | string | number): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`invalid timestamp: ${String(value)}`);
  return date.toISOString();
}

/** Reads a timestamp column: PostgreSQL gives a Date, SQLite the ISO string we wrote. */
export function fromDbTimestamp(value: unknown): Date {
  const date =
    value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new TypeError(`invalid timestamp in database: ${String(value)}`);
  return date;
}

export function fromDbTimestampOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : fromDbTimestamp(value);
}

/**
 * Binds a JSON value as text. Always stringified, even for PostgreSQL: pg would turn a JS array
 * into a PostgreSQL array literal, not JSON. `undefined` becomes SQL NULL. A value whose text is
 * already known (see json-text.ts) is written as that text.
 */
export function toDbJson(value: unknown): string | null {
  return value === undefined || value === null ? null : (jsonTextOf(value) ?? JSON.stringify(value));
}

/** Reads a JSON column: pg already parsed jsonb; SQLite returns the text we wrote. */
export function fromDbJson<T = unknown>(dialect: DatabaseDialect, value: unknown): T | null {
  if (value === null || value === undefined) return null;
  if (dialect === 'sqlite') {
    if (typeof value !== 'string') throw new TypeError('JSON column in SQLite did not hold text');
    return JSON.parse(value) as T;
  }
  return value as T;
}

/** better-sqlite3 cannot bind booleans: SQLite stores 1/0. */
export function toDbBoolean(dialect: DatabaseDialect, value: boolean): boolean | number {
  return dialect === 'sqlite' ? (value ? 1 : 0) : value;
}

export function fromDbBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === '1' || value === 't' || value === 'true';
}

/** PostgreSQL returns int8 and count(*) as strings (they can exceed 2^53); we use numbers. */
export function fromDbInteger(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`invalid integer in database: ${String(value)}`);
  return n;
}

/** Reads a nullable integer column (or one a row from before its migration lacks) as a number or null. */
export function fromDbIntegerOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : fromDbInteger(value);
}
