import { InvalidCursorError, decodeCursor, encodeCursor } from './cursor';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, clampLimit } from './paginate';

describe('cursor', () => {
  it.each([
    { key: '2024-01-01T00:00:00.000Z', id: '01HZX3J1K8M2Q4R5S6T7V8W9XY' },
    { key: 42, id: 'a' },
    { key: 'text with ünïcode / + =', id: 'id' },
  ])('round-trips %p as URL-safe text', (position) => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ['empty', ''],
    ['not a string', 123],
    ['bad characters', 'abc$'],
    ['too long', 'a'.repeat(600)],
    ['not JSON', Buffer.from('{').toString('base64url')],
    ['an object', Buffer.from('{"k":1,"i":"x"}').toString('base64url')],
    ['three parts', Buffer.from('["a","b","c"]').toString('base64url')],
    ['empty id', Buffer.from('["a",""]').toString('base64url')],
    ['null key', Buffer.from('[null,"x"]').toString('base64url')],
  ])('rejects %s with an error on field "cursor"', (_label, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidCursorError);
    expect(error).toMatchObject({
      field: 'cursor',
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/^cursor /),
    });
  });

  it('refuses to encode what it could not decode', () => {
    expect(() => encodeCursor({ key: Number.NaN, id: 'x' })).toThrow(TypeError);
    expect(() => encodeCursor({ key: 'k', id: '' })).toThrow(TypeError);
  });
});

describe('clampLimit', () => {
  it.each([
    [undefined, DEFAULT_PAGE_LIMIT],
    [Number.NaN, DEFAULT_PAGE_LIMIT],
    ['abc', DEFAULT_PAGE_LIMIT],
    ['7', 7],
    [0, 1],
    [-3, 1],
    [2.9, 2],
    [MAX_PAGE_LIMIT + 1, MAX_PAGE_LIMIT],
  ])('turns %p into %p', (limit, expected) => {
    expect(clampLimit(limit)).toBe(expected);
  });

  it('honours a custom default and maximum', () => {
    expect(clampLimit(undefined, 5, 10)).toBe(5);
    expect(clampLimit(50, 5, 10)).toBe(10);
  });
});
