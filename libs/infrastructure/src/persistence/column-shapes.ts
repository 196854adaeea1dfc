import type { ColumnType } from 'kysely';

// Kysely column types for the columns `columnTypes` creates: what a row reads back on either dialect
// (select) and what the column-values helpers write (insert, update). A lib's persistence/tables.ts
// types its rows with them.

/** timestamptz (PostgreSQL: Date) or ISO text (SQLite); written with toDbTimestamp. */
export type TimestampColumn = ColumnType<Date | string, string, string>;
export type NullableTimestampColumn = ColumnType<Date | string | null, string | null, string | null>;
/** jsonb (PostgreSQL: parsed) or text (SQLite); written with toDbJson. */
export type JsonColumn = ColumnType<unknown, string | null, string | null>;
/**
 * integer, bigint, real or double precision: PostgreSQL returns int8 (and numeric) as a string;
 * read with fromDbInteger or Number.
 */
export type NumberColumn = ColumnType<number | string, number, number>;
export type NullableNumberColumn = ColumnType<number | string | null, number | null, number | null>;
/** bigint: PostgreSQL returns int8 as a string; read with fromDbInteger. */
export type BigintColumn = NumberColumn;
export type NullableBigintColumn = NullableNumberColumn;
/** boolean (PostgreSQL) or 0/1 (SQLite); written with toDbBoolean, read with fromDbBoolean. */
export type BooleanColumn = ColumnType<boolean | number, boolean | number, boolean | number>;
export type NullableBooleanColumn = ColumnType<
  boolean | number | null,
  boolean | number | null,
  boolean | number | null
>;
