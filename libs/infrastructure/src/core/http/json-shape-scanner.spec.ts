import { JsonShapeLimits, JsonShapeScanner } from './json-shape-scanner';

const LIMITS: JsonShapeLimits = { maxDepth: 8, maxArrayItems: 5, maxObjectKeys: 4, maxStringChars: 10, maxValues: 20 };

interface ScanOptions {
  chunk?: number;
  utf8?: boolean;
  limits?: Partial<JsonShapeLimits>;
}

/** Feeds `text` to a scanner in chunks of `chunk` bytes (all at once by default). */
function scan(text: string | Buffer, options: ScanOptions = {}) {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const scanner = new JsonShapeScanner({ ...LIMITS, ...options.limits }, { utf8: options.utf8 });
  const step = options.chunk ?? bytes.length;
  for (let i = 0; i < bytes.length; i += step) {
    const problem = scanner.write(bytes.subarray(i, i + step));
    if (problem) return problem;
  }
  return scanner.end();
}

describe('JsonShapeScanner', () => {
  it('passes a body within every limit, in one chunk or byte by byte', () => {
    const body = '{"a":[1,2,3,4,"x"],"b":{"c":"0123456789","d":[[[]]]},"e\\"k":"\\u00e9\\ud83d\\ude00"}';
    expect(scan(body)).toBeUndefined();
    expect(scan(body, { chunk: 1 })).toBeUndefined();
  });

  it('refuses nesting beyond maxDepth, naming the path and the setting', () => {
    expect(scan('{"input":{"x":[[[[[[[1]]]]]]]}}')).toEqual({
      field: 'input.x[0][0][0][0][0][0]',
      message: 'nests deeper than 8 levels (at byte 20)',
      limit: { name: 'BODY_MAX_DEPTH', value: 8 },
    });
    const deep = scan('['.repeat(10_000), { chunk: 7 });
    expect(deep).toMatchObject({ field: '[0][0][0][0][0][0][0][0]', limit: { value: 8 } });
  });

  it('refuses an array with more than maxArrayItems items, naming the array', () => {
    expect(scan('{"tags":["a","b","c","d","e"]}')).toBeUndefined();
    expect(scan('{"tags":["a","b","c","d","e","f"]}')).toMatchObject({
      field: 'tags',
      message: expect.stringContaining('has more than 5 items'),
      limit: { name: 'BODY_MAX_ARRAY_ITEMS', value: 5 },
    });
    expect(scan('{"m":[{"tags":[]},{"tags":[1,2,3,4,5,6]}]}', { chunk: 3 })).toMatchObject({ field: 'm[1].tags' });
  });

  it('refuses an object with more than maxObjectKeys keys', () => {
    expect(scan('{"meta":{"a":1,"b":2,"c":3,"d":4,"e":5}}')).toMatchObject({
      field: 'meta',
      message: expect.stringContaining('has more than 4 keys'),
      limit: { name: 'BODY_MAX_OBJECT_KEYS', value: 4 },
    });
  });

  it('refuses a body with more than maxValues values in all, naming where it crossed the bound', () => {
    // Counted: 7 objects and arrays (the root too), 6 object members, 7 array items after a first = 20.
    expect(scan('{"a":[1,2,3,4,5],"b":{"c":1,"d":2},"e":[[1,2],[3,4]],"f":[1]}')).toBeUndefined();
    expect(scan('{"a":[1,2,3,4,5],"b":{"c":1,"d":2},"e":[[1,2],[3,4]],"f":[1,2]}')).toMatchObject({
      field: 'f',
      message: expect.stringMatching(/^takes the body past 20 values/),
      limit: { name: 'BODY_MAX_VALUES', value: 20 },
    });
  });

  it('refuses a string longer than maxStringChars, counting characters rather than bytes', () => {
    expect(scan('{"name":"ééééééééé"}')).toBeUndefined();
    const long = scan('{"list":[1,"01234567890"]}');
    expect(long).toMatchObject({ field: 'list[1]', limit: { name: 'BODY_MAX_STRING_CHARS' } });
    const longKey = scan(`{"${'k'.repeat(11)}":1}`);
    expect(longKey).toMatchObject({ field: '(body)' });
    expect(longKey?.message).toMatch(/^has a key that is longer than 10/);
  });

  it('refuses NUL and unpaired surrogates in escapes, keys included', () => {
    const nul = scan('{"content":"a\\u0000b"}');
    expect(nul).toMatchObject({ field: 'content', message: expect.stringContaining('NUL') });
    const lone = scan('{"content":"a\\uD800"}');
    expect(lone).toMatchObject({ field: 'content', message: expect.stringContaining('unpaired') });
    expect(scan('{"content":"\\uD800x"}')).toMatchObject({ field: 'content' });
    expect(scan('{"content":"\\uD800\\u0041"}')).toMatchObject({ field: 'content' });
    const loneLow = scan('{"content":"\\uDC00"}');
    expect(loneLow).toMatchObject({ field: 'content', message: expect.stringContaining('\\uDC00') });
    const nulKey = scan('{"a":{"b\\u0000":1}}', { chunk: 2 });
    expect(nulKey).toMatchObject({ field: 'a', message: expect.stringMatching(/^has a key that contains a NUL/) });
    expect(scan('{"ok":"\\uD83D\\uDE00"}')).toBeUndefined();
  });

  it('with utf8, names the string holding invalid UTF-8 (bad bytes, overlongs, encoded surrogates, truncation)', () => {
    const body = (bytes: number[]) =>
      Buffer.concat([Buffer.from('{"a":[1,{"text":"x'), Buffer.from(bytes), Buffer.from('"}]}')]);
    for (const bad of [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      const problem = scan(body(bad), { utf8: true });
      expect(problem).toMatchObject({ field: 'a[1].text', message: expect.stringContaining('not valid UTF-8') });
    }
    expect(scan(body([0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]), { utf8: true, chunk: 1 })).toBeUndefined();
    const truncated = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x82]);
    expect(scan(truncated, { utf8: true })).toMatchObject({ field: 'a' });
  });

  it('says whether a key is __proto__, prototype or constructor, or might be (escapes)', () => {
    const flagged = (text: string) => {
      const scanner = new JsonShapeScanner({ ...LIMITS, maxStringChars: 100 });
      scanner.write(Buffer.from(text));
      return scanner.hasPrototypeKeys;
    };
    expect(flagged('{"a":{"proto":1,"__proto":"__proto__"},"b":["constructor"]}')).toBe(false);
    expect(flagged('{"a":{"__proto__":{"admin":true}}}')).toBe(true);
    expect(flagged('[{"prototype":1}]')).toBe(true);
    expect(flagged('{"x":{"constructor":{}}}')).toBe(true);
    expect(flagged('{"\\u005f_proto__":1}')).toBe(true);
  });

  it('keeps key paths readable when keys are long or escaped', () => {
    const key = 'k'.repeat(70);
    const problem = scan(`{"${key}":[1,2,3,4,5,6]}`, { limits: { maxStringChars: 100 } });
    expect(problem).toMatchObject({ field: `${'k'.repeat(64)}…` });
  });

  it('scans a 4 MB array of strings in chunks without building anything', () => {
    const body = Buffer.from(JSON.stringify({ capabilities: Array(1_000_000).fill('a') }));
    const limits = {
      maxDepth: 32,
      maxArrayItems: 100_000,
      maxObjectKeys: 1000,
      maxStringChars: 1_000_000,
      maxValues: 1e9,
    };
    const scanner = new JsonShapeScanner(limits);
    let problem;
    let scanned = 0;
    for (let i = 0; i < body.length && !problem; i += 65_536) {
      problem = scanner.write(body.subarray(i, i + 65_536));
      scanned = i + 65_536;
    }
    expect(problem).toMatchObject({ field: 'capabilities', limit: { name: 'BODY_MAX_ARRAY_ITEMS', value: 100_000 } });
    expect(scanned).toBeLessThan(body.length / 4);
  });

  describe('memberRanges', () => {
    const WIDE = { maxArrayItems: 100, maxObjectKeys: 100, maxValues: 1_000, maxStringChars: 100 };

    /** The root members' texts as the scanner located them, fed in chunks of `chunk` bytes. */
    function memberTexts(text: string, chunk?: number) {
      const bytes = Buffer.from(text);
      const scanner = new JsonShapeScanner({ ...LIMITS, ...WIDE });
      const step = chunk ?? bytes.length;
      for (let i = 0; i < bytes.length; i += step) expect(scanner.write(bytes.subarray(i, i + step))).toBeUndefined();
      return scanner.memberRanges.map(({ key, start, end }) => [key, bytes.toString('utf8', start, end)]);
    }

    it('locates the object and array values of the root object, in one chunk or byte by byte', () => {
      const body = '{ "type":"t", "input" : {"a":[1,{"b":"}]"}],"é":"x"} ,"list":[ [1],2 ],"n":3,"o":{}}';
      const expected = [
        ['input', '{"a":[1,{"b":"}]"}],"é":"x"}'],
        ['list', '[ [1],2 ]'],
        ['o', '{}'],
      ];
      expect(memberTexts(body)).toEqual(expected);
      expect(memberTexts(body, 1)).toEqual(expected);
      expect(memberTexts(body, 5)).toEqual(expected);
    });

    it('records each occurrence of a repeated key, in order (the last is the parsed value)', () => {
      expect(memberTexts('{"input":{"a":1},"input":[2]}')).toEqual([
        ['input', '{"a":1}'],
        ['input', '[2]'],
      ]);
    });

    it('gives none when a key has escapes (it may repeat another) or there are too many', () => {
      expect(memberTexts('{"input":{"a":1},"in\\u0070ut":{"b":2}}')).toEqual([]);
      const many = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, [i]]));
      expect(memberTexts(JSON.stringify(many))).toEqual([]);
      expect(memberTexts('[{"a":1},{"b":2}]')).toEqual([]);
    });
  });
});
