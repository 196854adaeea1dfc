import { parseJsonInSlices } from './sliced-json';

/** A deterministic pseudo-random generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const STRINGS = [
  '',
  'plain',
  'with "quotes" and \\ backslash',
  '[not] {a} ,:',
  'é € 東京 😀',
  '\u2028\n\t',
  '__proto__',
];

function value(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth > 4 || pick < 0.45) {
    const scalars = [0, -1.5e-7, 123456789012, 3.14, true, false, null, STRINGS[Math.floor(next() * STRINGS.length)]];
    return scalars[Math.floor(next() * scalars.length)];
  }
  const size = Math.floor(next() * 12);
  if (pick < 0.7) return Array.from({ length: size }, () => value(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) {
    object[STRINGS[Math.floor(next() * STRINGS.length)] + (i % 3)] = value(next, depth + 1);
  }
  return object;
}

/** Pretty or compact JSON text of a random document. */
function document(seed: number): string {
  const next = random(seed);
  const root = next() < 0.5 ? [value(next, 0), value(next, 0)] : { a: value(next, 0), b: [value(next, 0)] };
  return JSON.stringify(root, null, seed % 2 ? 2 : undefined);
}

async function outcome(parse: () => unknown): Promise<{ value?: unknown; error?: string }> {
  try {
    return { value: await parse() };
  } catch (err) {
    return { error: (err as Error).name };
  }
}

describe('parseJsonInSlices', () => {
  it('gives what JSON.parse gives on 300 random documents, at chunk sizes that force every path', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const text = document(seed);
      for (const maxChunkChars of [1, 7, 40, 300]) {
        const sliced = await parseJsonInSlices(text, { wholeMaxChars: 0, maxChunkChars });
        expect({ seed, maxChunkChars, sliced }).toEqual({ seed, maxChunkChars, sliced: JSON.parse(text) });
      }
    }
    // 1,200 parses at chunk sizes down to 1 character: a few seconds on a busy 2-core machine.
  }, 60_000);

  it('accepts and refuses what JSON.parse accepts and refuses, on 600 randomly damaged documents', async () => {
    const damage = ['', ',', ']', '}', '[', '{', ':', '"', 'x', '1', ' '];
    for (let seed = 1; seed <= 600; seed++) {
      const next = random(seed * 7);
      const text = document(seed);
      const at = Math.floor(next() * text.length);
      const cut = Math.floor(next() * 2);
      const damaged = text.slice(0, at) + damage[Math.floor(next() * damage.length)] + text.slice(at + cut);
      const expected = await outcome(() => JSON.parse(damaged));
      for (const maxChunkChars of [1, 13, 90]) {
        const actual = await outcome(() => parseJsonInSlices(damaged, { wholeMaxChars: 0, maxChunkChars }));
        expect({ damaged, maxChunkChars, actual }).toEqual({ damaged, maxChunkChars, actual: expected });
      }
    }
  }, 60_000);

  it('keeps JSON.parse semantics for repeated keys (first position, last value) and __proto__', async () => {
    const text = '{"a": [1, 2, 3, 4, 5, 6, 7, 8], "b": 1, "a": {"x": [1, 2, 3, 4, 5, 6]}, "__proto__": {"p": 1}}';
    for (const maxChunkChars of [3, 10, 25]) {
      const sliced = (await parseJsonInSlices(text, { wholeMaxChars: 0, maxChunkChars })) as Record<string, unknown>;
      expect(Object.keys(sliced)).toEqual(Object.keys(JSON.parse(text)));
      expect(sliced).toEqual(JSON.parse(text));
      expect(Object.getPrototypeOf(sliced)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(sliced, '__proto__')).toBe(true);
    }
  });

  it('drops __proto__, prototype and constructor keys at every level, as stripProtoKeys would', async () => {
    const text = JSON.stringify({
      __proto__x: 1,
      list: [
        { constructor: { a: 1 }, keep: [1, 2, 3] },
        { prototype: 'p', deep: { __proto__y: 2 } },
      ],
      big: { constructor: Array.from({ length: 50 }, (_, i) => i), keep: 'yes' },
    }).replace(/__proto__[xy]/g, '__proto__');
    const expected = { list: [{ keep: [1, 2, 3] }, { deep: {} }], big: { keep: 'yes' } };
    for (const maxChunkChars of [1, 12, 60, 10_000]) {
      expect(await parseJsonInSlices(text, { wholeMaxChars: 0, maxChunkChars, stripPrototypeKeys: true })).toEqual(
        expected,
      );
    }
  });

  it.each([
    '[1, 2,]',
    '[1 2]',
    '[,1]',
    '{"a": 1,}',
    '{"a" 1}',
    '{a: 1}',
    '{"a": 1 "b": 2}',
    '[[1, 2], [3, 4]',
    '[1, 2]]',
    '[1, 2] x',
    '{"a": [1, 2}',
    '["unterminated]',
    '[tru, 1]',
    '[01, 2]',
    '{"a": {"b": [1, 2, 3, 4, 5]},, "c": 1}',
    '[{"a": 1}, {"b": 2}, ]',
  ])('refuses %s as JSON.parse does', async (text) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    for (const maxChunkChars of [1, 4, 9]) {
      expect(await outcome(() => parseJsonInSlices(text, { wholeMaxChars: 0, maxChunkChars }))).toEqual({
        error: 'SyntaxError',
      });
    }
  });

  it('parses a document up to wholeMaxChars in one native call, and slices a larger one', async () => {
    const candles = (n: number) => Array.from({ length: n }, (_, i) => ({ t: i, o: 1.5 + i / 7, c: 1.75 }));
    const small = JSON.stringify({ candles: candles(2_000) });
    const large = JSON.stringify({ candles: candles(20_000) });
    expect(small.length).toBeLessThan(256 * 1024);
    expect(large.length).toBeGreaterThan(256 * 1024);
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(await parseJsonInSlices(small)).toEqual(JSON.parse(small));
      expect(parse).toHaveBeenCalledTimes(2);
      parse.mockClear();
      const sliced = await parseJsonInSlices(large);
      const calls = parse.mock.calls.length;
      expect(sliced).toEqual(JSON.parse(large));
      expect(calls).toBeGreaterThan(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('yields to the event loop while it parses a large document', async () => {
    const candles = Array.from({ length: 50_000 }, (_, i) => ({ t: i, o: 1.5, h: 2, l: 1, c: 1.75, v: 10 }));
    const text = JSON.stringify({ candles });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const parsed = await parseJsonInSlices(text, { wholeMaxChars: 0, maxChunkChars: 16 * 1024, sliceMs: 1 });
    clearInterval(timer);
    expect(parsed).toEqual(JSON.parse(text));
    expect(ticks).toBeGreaterThan(1);
  });
});
