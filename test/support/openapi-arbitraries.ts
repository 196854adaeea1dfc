import fc from 'fast-check';
import { resolve, type OpenApiDocument, type Schema } from './openapi-walk';

/**
 * fast-check arbitraries from the OpenAPI schemas: values a schema accepts, and values a client
 * could send by mistake or on purpose (wrong types, out-of-range numbers, missing and unknown
 * fields, hostile strings, deep nesting). The fuzzer mixes both, so it exercises validation as
 * well as the handlers behind it.
 */

/** Strings attackers and broken clients send: control bytes, lone surrogates, prototype keys. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  "'; DROP TABLE handit_tasks; --",
  '%00',
  '${jndi:ldap://127.0.0.1/x}',
  '<script>alert(1)</script>',
  '1e309',
  '-0',
  'NaN',
  '9'.repeat(400),
  '\u202Eevil',
  '😀'.repeat(50),
];

const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** JSON nested `depth` levels deep, in an array or an object, around a leaf. */
export function nested(depth: number, inObjects: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = inObjects ? { a: value } : [value];
  return value;
}

export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  anyJson,
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e308, -1, 0, 2 ** 53 + 1),
  fc.integer({ min: 20, max: 200 }).map((depth) => nested(depth, depth % 2 === 0)),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 100, max: 5000 }).map((n) => Array.from({ length: n }, (_, i) => `item${i}`)),
);

export interface ArbitraryOptions {
  /** Probability-free switch: `valid` stays inside the schema, `mixed` leaves it at times. */
  mode: 'valid' | 'mixed';
  /** Values for string fields that name existing resources (ids the fuzzer created). */
  knownIds?: readonly string[];
}

/** An arbitrary for `raw`; in `mixed` mode any node may become a hostile value instead. */
export function arbitraryFor(
  doc: OpenApiDocument,
  raw: Schema | undefined,
  options: ArbitraryOptions,
  depth = 0,
): fc.Arbitrary<unknown> {
  const valid = validArbitrary(doc, resolve(doc, raw), options, depth);
  if (options.mode === 'valid') return valid;
  return fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: hostile, weight: 1 });
}

function validArbitrary(
  doc: OpenApiDocument,
  schema: Schema,
  options: ArbitraryOptions,
  depth: number,
): fc.Arbitrary<unknown> {
  const base = baseArbitrary(doc, schema, options, depth);
  const withExample =
    schema.example !== undefined ? fc.oneof(fc.constant(structuredClone(schema.example)), base) : base;
  return schema.nullable ? fc.option(withExample, { nil: null, freq: 8 }) : withExample;
}

function baseArbitrary(
  doc: OpenApiDocument,
  schema: Schema,
  options: ArbitraryOptions,
  depth: number,
): fc.Arbitrary<unknown> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => arbitraryFor(doc, s, options, depth + 1)));
  switch (schema.type) {
    case 'object':
      return objectArbitrary(doc, schema, options, depth);
    case 'array': {
      const items = depth > 6 ? fc.constant(null) : arbitraryFor(doc, schema.items, options, depth + 1);
      const minLength = schema.minItems ?? 0;
      return fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) });
    }
    case 'integer':
      return fc.integer({ min: bound(schema.minimum, -1_000_000), max: bound(schema.maximum, 1_000_000) });
    case 'number':
      return fc.double({
        min: bound(schema.minimum, -1e6),
        max: bound(schema.maximum, 1e6),
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return stringArbitrary(schema, options);
    default:
      return anyJson;
  }
}

function bound(value: number | undefined, fallback: number): number {
  return value === undefined ? fallback : value;
}

function stringArbitrary(schema: Schema, options: ArbitraryOptions): fc.Arbitrary<string> {
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 10_000));
  }
  const text = fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
  return options.knownIds?.length ? fc.oneof(text, fc.constantFrom(...options.knownIds)) : text;
}

function objectArbitrary(
  doc: OpenApiDocument,
  schema: Schema,
  options: ArbitraryOptions,
  depth: number,
): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  if (Object.keys(properties).length === 0) {
    return depth > 4 ? fc.constant({}) : fc.dictionary(fc.string({ maxLength: 10 }), anyJson, { maxKeys: 4 });
  }
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, property] of Object.entries(properties))
    model[key] = arbitraryFor(doc, property, options, depth + 1);
  const required = schema.required ?? [];
  const record = fc.record(model, { requiredKeys: required.filter((k) => k in model) });
  if (options.mode === 'valid') return record;
  // Broken clients drop required fields and add fields the API does not know.
  return fc
    .tuple(
      record,
      fc.subarray(required),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), anyJson, { maxKeys: 2 }),
    )
    .map(([value, dropped, extra]) => {
      const out = { ...(value as Record<string, unknown>), ...extra };
      for (const key of dropped) delete out[key];
      return out;
    });
}

/**
 * A known-good value with one node replaced by a hostile one: near-valid input that passes most
 * of validation and reaches the handler, where a missing check turns into a 500.
 */
export function mutationOf(good: unknown): fc.Arbitrary<unknown> {
  const paths = leafPaths(good);
  if (paths.length === 0) return hostile;
  return fc.tuple(fc.constantFrom(...paths), hostile).map(([path, value]) => replaced(good, path, value));
}

function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.slice(0, 5).flatMap((v, i) => leafPaths(v, [...prefix, i]))];
  if (value && typeof value === 'object') {
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]))].filter(
      (p) => p.length > 0,
    );
  }
  return [prefix];
}

function replaced(good: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(good) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}
