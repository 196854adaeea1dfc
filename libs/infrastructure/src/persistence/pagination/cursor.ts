/**
 * Opaque list cursors: base64url of JSON `[sortKey, id]`, the position of the last item a page
 * returned. Clients must treat them as opaque; we only promise they round-trip.
 */

/** A sort key as it is compared in SQL: ISO strings for timestamps, numbers, or text. */
export type CursorKey = string | number;

export interface CursorPosition {
  readonly key: CursorKey;
  readonly id: string;
}

/**
 * A cursor the server did not make (or made for another list). Carries `field` so the HTTP layer
 * can answer 400 VALIDATION_FAILED naming the query parameter.
 */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  readonly field = 'cursor';
  readonly code = 'VALIDATION_FAILED';

  constructor(reason = 'is not a cursor returned by this list') {
    super(`cursor ${reason}`);
  }
}

// Far more than any key we make (ISO timestamps, ULIDs); bounds the work spent on bad input.
const MAX_CURSOR_LENGTH = 512;
const MAX_PART_LENGTH = 200;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeCursor(position: CursorPosition): string {
  const { key, id } = position;
  if (typeof key === 'number' ? !Number.isFinite(key) : typeof key !== 'string') {
    throw new TypeError(`cursor key must be a string or a finite number, got ${String(key)}`);
  }
  if (typeof id !== 'string' || id === '') throw new TypeError('cursor id must be a non-empty string');
  return Buffer.from(JSON.stringify([key, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: unknown): CursorPosition {
  if (typeof cursor !== 'string' || cursor === '') throw new InvalidCursorError('must be a non-empty string');
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw new InvalidCursorError();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw new InvalidCursorError();
  const [key, id] = parsed as unknown[];
  const keyOk =
    (typeof key === 'string' && key.length <= MAX_PART_LENGTH) || (typeof key === 'number' && Number.isFinite(key));
  const idOk = typeof id === 'string' && id !== '' && id.length <= MAX_PART_LENGTH;
  if (!keyOk || !idOk) throw new InvalidCursorError();
  return { key: key as CursorKey, id: id as string };
}
