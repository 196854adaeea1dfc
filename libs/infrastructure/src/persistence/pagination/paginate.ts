import { SelectQueryBuilder, sql } from 'kysely';
import { CursorKey, InvalidCursorError, decodeCursor, encodeCursor } from './cursor';

export const DEFAULT_PAGE_LIMIT = 20;
export const MAX_PAGE_LIMIT = 100;

export interface Page<T> {
  readonly items: T[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  readonly nextCursor: string | null;
}

export interface PageRequest {
  limit?: number;
  cursor?: string | null;
}

export interface PageOrder {
  /** Sort column, e.g. `at` or `audit_log.at`. Must be NOT NULL. */
  readonly column: string;
  readonly direction?: 'asc' | 'desc';
  /** Unique tie-breaker column (default `id`): makes the order total when sort keys are equal. */
  readonly idColumn?: string;
  /**
   * What the sort column holds (default `timestamp`). A cursor whose key is not of this type is
   * rejected with InvalidCursorError instead of reaching the database as a bad comparison.
   */
  readonly type?: 'timestamp' | 'text' | 'number';
}

export interface PaginateOptions extends PageRequest {
  readonly orderBy: PageOrder;
  readonly defaultLimit?: number;
  readonly maxLimit?: number;
}

/** Limit as asked, clamped to 1..maxLimit; the default when absent or not a number. */
export function clampLimit(limit: unknown, defaultLimit = DEFAULT_PAGE_LIMIT, maxLimit = MAX_PAGE_LIMIT): number {
  const asked =
    typeof limit === 'number' ? limit : typeof limit === 'string' && limit.trim() !== '' ? Number(limit) : NaN;
  const value = Number.isFinite(asked) ? Math.trunc(asked) : defaultLimit;
  return Math.min(Math.max(value, 1), maxLimit);
}

/** The row property a (possibly table-qualified) column comes back as. */
function propertyOf(column: string): string {
  return column.slice(column.lastIndexOf('.') + 1);
}

/** Sort keys are put in the cursor in the form the database compares them in. */
function cursorKeyOf(value: unknown, column: string, type: NonNullable<PageOrder['type']>): CursorKey {
  if (value instanceof Date) return value.toISOString();
  // pg returns int8/numeric as strings; the cursor keeps the number so it passes checkKeyType.
  if (type === 'number' && (typeof value === 'string' || typeof value === 'bigint') && Number.isFinite(Number(value))) {
    return Number(value);
  }
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new TypeError(
    `cannot paginate on column ${column}: row value ${String(value)} is not a string, number or Date`,
  );
}

function checkKeyType(key: CursorKey, type: NonNullable<PageOrder['type']>): void {
  const ok =
    type === 'number'
      ? typeof key === 'number'
      : type === 'text'
        ? typeof key === 'string'
        : // Exactly the form we write (toISOString), so text comparison in SQLite stays correct.
          typeof key === 'string' && !Number.isNaN(Date.parse(key)) && new Date(key).toISOString() === key;
  if (!ok) throw new InvalidCursorError();
}

/**
 * Keyset pagination: ORDER BY (column, id) and, with a cursor, only rows strictly after it.
 * Unlike OFFSET it stays correct while rows are inserted and costs the same on every page.
 * The query must select both the sort column and the id column.
 */
export async function paginate<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  options: PaginateOptions,
): Promise<Page<O>> {
  const { column, direction = 'desc', type = 'timestamp' } = options.orderBy;
  const idColumn = options.orderBy.idColumn ?? 'id';
  const limit = clampLimit(options.limit, options.defaultLimit, options.maxLimit);

  let q = query;
  if (options.cursor !== undefined && options.cursor !== null && options.cursor !== '') {
    const { key, id } = decodeCursor(options.cursor);
    checkKeyType(key, type);
    const col = sql.ref(column);
    const idCol = sql.ref(idColumn);
    q =
      direction === 'desc'
        ? q.where(sql<boolean>`(${col} < ${key} or (${col} = ${key} and ${idCol} < ${id}))`)
        : q.where(sql<boolean>`(${col} > ${key} or (${col} = ${key} and ${idCol} > ${id}))`);
  }
  // One extra row tells whether a next page exists without a count query.
  const rows = await q
    .orderBy(sql.ref(column), direction)
    .orderBy(sql.ref(idColumn), direction)
    .limit(limit + 1)
    .execute();

  const items = rows.slice(0, limit);
  let nextCursor: string | null = null;
  if (rows.length > limit) {
    const last = items[items.length - 1] as Record<string, unknown>;
    const id = last[propertyOf(idColumn)];
    if (typeof id !== 'string' || id === '') {
      throw new TypeError(`cannot paginate: rows have no string ${idColumn}; select it in the query`);
    }
    nextCursor = encodeCursor({ key: cursorKeyOf(last[propertyOf(column)], column, type), id });
  }
  return { items, nextCursor };
}
