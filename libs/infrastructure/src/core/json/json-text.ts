/**
 * JSON texts already made for values, so a value is serialised once however many times it is
 * written. A quant result arrives from its worker thread as text; storing it, answering `?wait`
 * and serving it from the result cache each stringified the same 80 KB again on the main thread.
 *
 * Only for values that no longer change: the text is the value's for as long as the value lives
 * (a WeakMap, so nothing here outlives it). A cached value is deep-frozen; a worker's result is
 * owned by the task that produced it.
 */
const texts = new WeakMap<object, string>();
/** Texts that parse to the value without being its JSON.stringify bytes: a request body's own spelling. */
const sources = new WeakMap<object, string | (() => string)>();

/** How many levels of plain objects `jsonPieces` walks looking for known texts (an envelope's `data.result` is 2). */
const SPLICE_DEPTH = 4;

/** Records `text` as the JSON of `value` (which must equal `JSON.stringify(value)`); returns the value. */
export function withJsonText<T extends object>(value: T, text: string): T {
  texts.set(value, text);
  return value;
}

/** The JSON text recorded for `value`, if any. */
export function jsonTextOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? texts.get(value) : undefined;
}

/**
 * Records where a text that parses to `value` can be read (a slice of the request body it was
 * parsed from), read only if asked for. Such a text keeps the client's spelling (spacing, `1.50`,
 * escapes), so it is good for storing and for handing the value to a worker, which parse it, but
 * it is never spliced into a response (see jsonTextOf).
 */
export function withJsonSource<T extends object>(value: T, read: () => string): T {
  sources.set(value, read);
  return value;
}

/** A text that parses to `value`: its JSON text if known, else its source text if recorded. */
export function jsonSourceOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const known = texts.get(value);
  if (known !== undefined) return known;
  const source = sources.get(value);
  if (typeof source !== 'function') return source;
  const text = source();
  sources.set(value, text);
  return text;
}

/** Parses a JSON text and records it as the text of the value it yields. */
export function parseWithJsonText(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (typeof value === 'object' && value !== null) texts.set(value, text);
  return value;
}

/**
 * `JSON.stringify(value)` in pieces, byte for byte once joined, except that a value whose text is
 * known, found within the first SPLICE_DEPTH levels of plain objects, is spliced in whole instead
 * of serialised again. Arrays, class instances and anything with `toJSON` go to JSON.stringify
 * whole. In pieces for sending: each is encoded to UTF-8 on its own, since V8 encodes a string
 * concatenated from an 80 KB piece about seven times slower than the flat piece itself.
 */
export function jsonPieces(value: unknown): string[] | undefined {
  const pieces = new Pieces();
  return write(value, SPLICE_DEPTH, '', pieces) ? pieces.end() : undefined;
}

class Pieces {
  private readonly done: string[] = [];
  private pending = '';

  add(text: string): void {
    this.pending += text;
  }

  splice(text: string): void {
    if (this.pending) this.done.push(this.pending);
    this.done.push(text);
    this.pending = '';
  }

  end(): string[] {
    if (this.pending || !this.done.length) this.done.push(this.pending);
    return this.done;
  }
}

/** Writes `value` (the member `key` of its holder) as JSON.stringify would; false when it writes nothing. */
function write(value: unknown, depth: number, key: string, out: Pieces): boolean {
  if (typeof value !== 'object' || value === null) return add(out, JSON.stringify(value));
  const known = texts.get(value);
  if (known !== undefined) {
    out.splice(known);
    return true;
  }
  if (hasOwnToJson(value)) return add(out, viaToJson(value, key));
  if (depth === 0 || Array.isArray(value) || !isPlain(value)) return add(out, JSON.stringify(value));
  out.add('{');
  let first = true;
  for (const name of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[name];
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    // A toJSON may answer undefined, which drops the member: find out before writing its key.
    const text =
      typeof member === 'object' && member !== null && !texts.has(member) && hasOwnToJson(member)
        ? viaToJson(member, name)
        : null;
    if (text === undefined) continue;
    out.add(`${first ? '' : ','}${JSON.stringify(name)}:`);
    first = false;
    if (text === null) write(member, depth - 1, name, out);
    else out.add(text);
  }
  out.add('}');
  return true;
}

function add(out: Pieces, text: string | undefined): boolean {
  if (text === undefined) return false;
  out.add(text);
  return true;
}

/** A toJSON other than Date's (which ignores it) is called with the member's key, which only a holder gives it. */
function hasOwnToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function' && !(value instanceof Date);
}

function viaToJson(value: object, key: string): string | undefined {
  const held = JSON.stringify({ [key]: value });
  return held === '{}' ? undefined : held.slice(JSON.stringify(key).length + 2, -1);
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
