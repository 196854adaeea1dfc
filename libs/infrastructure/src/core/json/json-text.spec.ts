import { jsonPieces, jsonSourceOf, jsonTextOf, parseWithJsonText, withJsonSource, withJsonText } from './json-text';

/** The pieces joined: the text an answer carries. */
const stringifyJson = (value: unknown) => jsonPieces(value)?.join('');

class Money {
  constructor(readonly amount: number) {}
}

describe('jsonPieces', () => {
  const values: unknown[] = [
    null,
    undefined,
    0,
    -0,
    NaN,
    'x"y\u2028',
    true,
    [],
    {},
    [1, undefined, () => 1, null, { a: undefined }],
    { a: 1, b: undefined, c: () => 1, d: Symbol('s'), e: [undefined], 'k"ey': 'é' },
    {
      at: new Date(Date.UTC(2026, 11, 5)),
      money: new Money(3),
      nested: { deeper: { deepest: { bottom: [1, { x: 2 }] } } },
    },
    { toJSON: () => ({ replaced: true }) },
    { inner: { toJSON: (key: string) => `key:${key}` }, gone: { toJSON: () => undefined } },
    { list: Object.assign([1], { toJSON: (key: string) => key }) },
    Object.assign(Object.create(null) as object, { bare: 1 }),
    { boxed: [new Number(1), new String('s'), new Boolean(false)] },
    { '2': 'b', '1': 'a', z: 0 },
  ];

  it.each(values.map((value, i) => [i, value]))('writes the bytes JSON.stringify writes (case %i)', (_i, value) => {
    expect(stringifyJson(value)).toBe(JSON.stringify(value));
  });

  it('splices a value whose text is known instead of serialising it again', () => {
    const result = withJsonText({ series: [1, 2, 3] }, '{"series":[1,2,3]}');
    // A different (still valid) spelling shows which of the two was written.
    withJsonText(result, '{"series":[1.0,2,3]}');
    const body = { success: true, data: { id: 't1', result }, meta: { requestId: 'r' } };
    expect(stringifyJson(body)).toBe(
      '{"success":true,"data":{"id":"t1","result":{"series":[1.0,2,3]}},"meta":{"requestId":"r"}}',
    );
    expect(jsonTextOf(result)).toBe('{"series":[1.0,2,3]}');
  });

  it('serialises a known value normally below the depth it walks, and inside arrays', () => {
    const known = withJsonText({ a: 1 }, '{"a":1.0}');
    expect(stringifyJson({ one: { two: { three: { four: { known } } } } })).toBe(
      JSON.stringify({ one: { two: { three: { four: { known } } } } }),
    );
    expect(stringifyJson([known])).toBe('[{"a":1}]');
  });

  it('throws on a cycle as JSON.stringify does', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stringifyJson(cyclic)).toThrow(TypeError);
  });
});

describe('parseWithJsonText', () => {
  it('parses the text and keeps it as the value’s text; primitives have none', () => {
    const value = parseWithJsonText('{"b":2,"a":[1,2]}');
    expect(value).toEqual({ b: 2, a: [1, 2] });
    expect(jsonTextOf(value)).toBe('{"b":2,"a":[1,2]}');
    expect(parseWithJsonText('3')).toBe(3);
    expect(jsonTextOf(3)).toBeUndefined();
  });
});

describe('jsonSourceOf', () => {
  it('reads a recorded source once, prefers a known JSON text, and never splices a source into output', () => {
    let reads = 0;
    const value = withJsonSource({ price: 1.5 }, () => {
      reads++;
      return '{ "price": 1.50 }';
    });
    expect(reads).toBe(0);
    expect(jsonSourceOf(value)).toBe('{ "price": 1.50 }');
    expect(jsonSourceOf(value)).toBe('{ "price": 1.50 }');
    expect(reads).toBe(1);
    expect(stringifyJson({ value })).toBe('{"value":{"price":1.5}}');
    withJsonText(value, '{"price":1.5}');
    expect(jsonSourceOf(value)).toBe('{"price":1.5}');
    expect(jsonSourceOf(3)).toBeUndefined();
  });
});
