import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COLON, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './json-bytes';

/** Structural bounds of a JSON body, checked on the raw bytes before anything is parsed. */
export interface JsonShapeLimits {
  maxDepth: number;
  maxArrayItems: number;
  maxObjectKeys: number;
  maxStringChars: number;
  /** Values in the whole body (object members, array items after the first, objects and arrays). */
  maxValues: number;
}

/** What each limit is called in configuration, so an error can say which setting refused it. */
export const JSON_SHAPE_LIMIT_NAMES: Readonly<Record<keyof JsonShapeLimits, string>> = {
  maxDepth: 'BODY_MAX_DEPTH',
  maxArrayItems: 'BODY_MAX_ARRAY_ITEMS',
  maxObjectKeys: 'BODY_MAX_OBJECT_KEYS',
  maxStringChars: 'BODY_MAX_STRING_CHARS',
  maxValues: 'BODY_MAX_VALUES',
};

/** One refusal: the JSON path of the offending value (`candles[3].high`, `(body)` for the root). */
export interface JsonShapeProblem {
  field: string;
  message: string;
  /** The configured limit that refused it, when a limit did (not for text problems). */
  limit?: { name: string; value: number };
}

/** A member of the root object and where its value's text lies in the body's bytes. */
export interface JsonMemberRange {
  key: string;
  start: number;
  end: number;
}

/** Root members whose value ranges are kept (a body has few, and only `input` is used). */
const MAX_MEMBER_RANGES = 8;

/** How much of a key is kept for naming paths in errors. */
const KEY_CAPTURE_BYTES = 64;

const LETTER_U = 0x75;
/** 1 for the bytes that matter outside strings; digits, letters and whitespace are skipped. */
const STRUCTURAL = new Uint8Array(256);
for (const b of [QUOTE, OPEN_OBJECT, CLOSE_OBJECT, OPEN_ARRAY, CLOSE_ARRAY, COMMA, COLON]) STRUCTURAL[b] = 1;

/** One open object or array. */
class Frame {
  array = false;
  /** Arrays: the index of the current element; objects: the keys seen so far. */
  count = 0;
  readonly key = new Uint8Array(KEY_CAPTURE_BYTES);
  keyLength = 0;
  keyTruncated = false;

  reset(array: boolean): void {
    this.array = array;
    this.count = 0;
    this.keyLength = 0;
    this.keyTruncated = false;
  }

  segment(first: boolean): string {
    if (this.array) return `[${this.count}]`;
    const key = Buffer.from(this.key.subarray(0, this.keyLength)).toString('utf8');
    return `${first ? '' : '.'}${key}${this.keyTruncated ? '…' : ''}`;
  }
}

/**
 * A single-pass, incremental scanner over the bytes of a JSON document, fed chunk by chunk as the
 * body arrives. It does not build anything: it tracks nesting, counts values, array items, object
 * keys and string characters, and reads `\u` escapes, so a body that would be expensive to parse, copy or
 * validate is refused after the first offending byte, naming the JSON path. It also refuses lone
 * UTF-16 surrogates and NUL characters in strings, and (with `utf8: true`, used to locate a
 * problem once a fast check has failed) invalid UTF-8. Syntax errors are left to JSON.parse.
 */
export class JsonShapeScanner {
  private readonly frames: Frame[] = [];
  private depth = 0;
  private inString = false;
  private stringIsKey = false;
  private stringChars = 0;
  /** 0: none; 1: after a backslash; 2-5: reading the hex digits of a \u escape. */
  private escape = 0;
  private codeUnit = 0;
  private pendingHighSurrogate = false;
  private expectKey = false;
  private utf8Needed = 0;
  private utf8Lower = 0x80;
  private utf8Upper = 0xbf;
  private bytesSeen = 0;
  private values = 0;
  private prototypeKeys = false;
  private found?: JsonShapeProblem;
  /** Where the object or array value of the root object's current member began (-1: none open). */
  private memberStart = -1;
  private memberKey = '';
  private readonly members: JsonMemberRange[] = [];
  private membersComplete = true;

  constructor(
    private readonly limits: JsonShapeLimits,
    private readonly options: { utf8?: boolean } = {},
  ) {}

  /** The first problem found so far, if any. */
  get problem(): JsonShapeProblem | undefined {
    return this.found;
  }

  /**
   * Whether some key is `__proto__`, `prototype` or `constructor` (or is written with escapes, so
   * it might be): only then does the parsed body need those keys stripped.
   */
  get hasPrototypeKeys(): boolean {
    return this.prototypeKeys;
  }

  /**
   * Byte ranges of the root object's members whose values are objects or arrays, in document
   * order: the text of a task's `input`, so it is stored and handed to a worker without being
   * serialised again. None when there are more than MAX_MEMBER_RANGES or a key has escapes.
   */
  get memberRanges(): readonly JsonMemberRange[] {
    return this.membersComplete ? this.members : [];
  }

  /** Scans the next chunk; returns the first problem (from this or an earlier chunk), if any. */
  write(chunk: Uint8Array): JsonShapeProblem | undefined {
    if (this.found) return this.found;
    const { maxStringChars } = this.limits;
    const checkUtf8 = this.options.utf8 === true;
    const length = chunk.length;
    for (let i = 0; i < length; i++) {
      let b = chunk[i];
      if (checkUtf8 && !this.utf8Byte(b)) {
        return this.fail(i, this.inString ? 'value' : 'container', `is not valid UTF-8 (byte 0x${b.toString(16)})`);
      }
      if (this.inString) {
        if (this.escape === 0 && !this.stringIsKey && !this.pendingHighSurrogate && !checkUtf8) {
          // Fast path through the plain characters of a value string.
          let chars = this.stringChars;
          while (b !== QUOTE && b !== BACKSLASH) {
            if ((b & 0xc0) !== 0x80) chars++;
            if (++i === length) break;
            b = chunk[i];
          }
          this.stringChars = chars;
          if (chars > maxStringChars) return this.failString(i);
          if (i === length) break;
        } else if (this.escape === 0 && !this.pendingHighSurrogate && !checkUtf8) {
          // The same through the plain characters of a key, keeping its first bytes for error paths.
          const top = this.frames[this.depth - 1];
          const key = top.key;
          let chars = this.stringChars;
          let kept = top.keyLength;
          while (b !== QUOTE && b !== BACKSLASH) {
            if ((b & 0xc0) !== 0x80 && ++chars > maxStringChars) {
              this.stringChars = chars;
              top.keyLength = kept;
              return this.failString(i);
            }
            if (kept < KEY_CAPTURE_BYTES) key[kept++] = b;
            else top.keyTruncated = true;
            if (++i === length) break;
            b = chunk[i];
          }
          this.stringChars = chars;
          top.keyLength = kept;
          if (i === length) break;
        }
        if (this.escape === 0) {
          if (b === QUOTE) {
            if (this.pendingHighSurrogate) return this.failHighSurrogate(i);
            this.inString = false;
            if (this.stringIsKey && !this.prototypeKeys) {
              this.prototypeKeys = isPrototypeKey(this.frames[this.depth - 1]);
            }
            continue;
          }
          if (b === BACKSLASH) {
            this.escape = 1;
          } else {
            if (this.pendingHighSurrogate) return this.failHighSurrogate(i);
            // Continuation bytes do not start a character.
            if ((b & 0xc0) !== 0x80 && ++this.stringChars > maxStringChars) return this.failString(i);
          }
        } else if (this.escape === 1) {
          if (b === LETTER_U) {
            this.escape = 2;
            this.codeUnit = 0;
          } else {
            this.escape = 0;
            if (this.pendingHighSurrogate) return this.failHighSurrogate(i);
            if (++this.stringChars > maxStringChars) return this.failString(i);
          }
        } else {
          this.codeUnit = this.codeUnit * 16 + hexValue(b);
          if (++this.escape === 6) {
            this.escape = 0;
            const problem = this.escapedUnit(i);
            if (problem) return problem;
            if (++this.stringChars > maxStringChars) return this.failString(i);
          }
        }
        if (this.stringIsKey) this.captureKeyByte(b);
        continue;
      }
      if (STRUCTURAL[b] === 0) {
        if (checkUtf8) continue;
        // Fast path over numbers, literals and whitespace.
        while (++i < length && STRUCTURAL[chunk[i]] === 0);
        if (i === length) break;
        b = chunk[i];
      }
      switch (b) {
        case QUOTE: {
          const top = this.depth > 0 ? this.frames[this.depth - 1] : undefined;
          this.inString = true;
          this.stringChars = 0;
          this.stringIsKey = top !== undefined && !top.array && this.expectKey;
          if (this.stringIsKey && top) {
            this.expectKey = false;
            top.keyLength = 0;
            top.keyTruncated = false;
            if (++top.count > this.limits.maxObjectKeys) {
              return this.fail(i, 'container', `has more than ${this.limits.maxObjectKeys} keys`, 'maxObjectKeys');
            }
          }
          break;
        }
        case OPEN_OBJECT:
        case OPEN_ARRAY: {
          if (this.depth >= this.limits.maxDepth) {
            return this.fail(i, 'value', `nests deeper than ${this.limits.maxDepth} levels`, 'maxDepth');
          }
          if (++this.values > this.limits.maxValues) return this.failValues(i);
          if (this.depth === 1 && !this.frames[0].array) this.openMember(i);
          if (this.frames.length === this.depth) this.frames.push(new Frame());
          this.frames[this.depth++].reset(b === OPEN_ARRAY);
          this.expectKey = b === OPEN_OBJECT;
          break;
        }
        case CLOSE_OBJECT:
        case CLOSE_ARRAY:
          if (this.depth > 0) this.depth--;
          if (this.depth === 1 && this.memberStart >= 0) this.closeMember(i);
          this.expectKey = false;
          break;
        case COMMA: {
          const top = this.depth > 0 ? this.frames[this.depth - 1] : undefined;
          if (!top) break;
          if (!top.array) {
            this.expectKey = true;
          } else if (++top.count >= this.limits.maxArrayItems) {
            // count is the index of the element that begins now.
            return this.fail(i, 'container', `has more than ${this.limits.maxArrayItems} items`, 'maxArrayItems');
          } else if (++this.values > this.limits.maxValues) {
            return this.failValues(i);
          }
          break;
        }
        case COLON:
          this.expectKey = false;
          if (++this.values > this.limits.maxValues) return this.failValues(i);
          break;
        default:
          break;
      }
    }
    this.bytesSeen += chunk.length;
    return undefined;
  }

  /** Call once the body has ended: reports a UTF-8 sequence cut off by the end (with `utf8`). */
  end(): JsonShapeProblem | undefined {
    if (this.found) return this.found;
    if (this.options.utf8 && this.utf8Needed > 0) {
      return this.fail(0, this.inString ? 'value' : 'container', 'is not valid UTF-8 (truncated sequence)');
    }
    return undefined;
  }

  private escapedUnit(i: number): JsonShapeProblem | undefined {
    const unit = this.codeUnit;
    if (this.pendingHighSurrogate) {
      this.pendingHighSurrogate = false;
      if (unit < 0xdc00 || unit > 0xdfff) return this.failHighSurrogate(i);
      // The pair is one character, counted with the high half.
      this.stringChars--;
      return undefined;
    }
    if (unit >= 0xd800 && unit <= 0xdbff) this.pendingHighSurrogate = true;
    else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return this.fail(i, 'value', 'contains an unpaired UTF-16 surrogate (\\uDC00-\\uDFFF)');
    } else if (unit === 0) return this.fail(i, 'value', 'contains a NUL character (\\u0000)');
    return undefined;
  }

  /** WHATWG UTF-8 decoder state machine: false on a byte no valid encoding has here. */
  private utf8Byte(b: number): boolean {
    if (this.utf8Needed === 0) {
      if (b < 0x80) return true;
      if (b >= 0xc2 && b <= 0xdf) this.utf8Needed = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        if (b === 0xe0) this.utf8Lower = 0xa0;
        if (b === 0xed) this.utf8Upper = 0x9f;
        this.utf8Needed = 2;
      } else if (b >= 0xf0 && b <= 0xf4) {
        if (b === 0xf0) this.utf8Lower = 0x90;
        if (b === 0xf4) this.utf8Upper = 0x8f;
        this.utf8Needed = 3;
      } else return false;
      return true;
    }
    if (b < this.utf8Lower || b > this.utf8Upper) return false;
    this.utf8Lower = 0x80;
    this.utf8Upper = 0xbf;
    this.utf8Needed--;
    return true;
  }

  private openMember(i: number): void {
    if (!this.membersComplete) return;
    const root = this.frames[0];
    // A key written with escapes or cut short may repeat one already recorded, whose range would then be stale.
    let plain = this.members.length < MAX_MEMBER_RANGES && !root.keyTruncated;
    for (let k = 0; plain && k < root.keyLength; k++) plain = root.key[k] !== BACKSLASH;
    if (!plain) {
      this.membersComplete = false;
      return;
    }
    this.memberStart = this.bytesSeen + i;
    this.memberKey = Buffer.from(root.key.subarray(0, root.keyLength)).toString('utf8');
  }

  private closeMember(i: number): void {
    this.members.push({ key: this.memberKey, start: this.memberStart, end: this.bytesSeen + i + 1 });
    this.memberStart = -1;
  }

  private captureKeyByte(b: number): void {
    // Escapes are kept as written: the key only names a path in an error message.
    const top = this.frames[this.depth - 1];
    if (top.keyLength < KEY_CAPTURE_BYTES) top.key[top.keyLength++] = b;
    else top.keyTruncated = true;
  }

  private failHighSurrogate(i: number): JsonShapeProblem {
    return this.fail(i, 'value', 'contains an unpaired UTF-16 surrogate (\\uD800-\\uDBFF)');
  }

  private failValues(i: number): JsonShapeProblem {
    return this.fail(i, 'container', `takes the body past ${this.limits.maxValues} values`, 'maxValues');
  }

  private failString(i: number): JsonShapeProblem {
    return this.fail(i, 'value', `is longer than ${this.limits.maxStringChars} characters`, 'maxStringChars');
  }

  /**
   * Records the problem. `value` names the value being read (its container's current key or
   * index); `container` names the innermost open object or array. A problem inside a key names
   * the object holding it.
   */
  private fail(
    i: number,
    target: 'value' | 'container',
    message: string,
    limit?: keyof JsonShapeLimits,
  ): JsonShapeProblem {
    const inKey = this.inString && this.stringIsKey;
    const frames = target === 'container' || inKey ? this.depth - 1 : this.depth;
    let field = '';
    for (let f = 0; f < frames; f++) field += this.frames[f].segment(f === 0);
    const text = inKey ? `has a key that ${message}` : message;
    this.found = {
      field: field || '(body)',
      message: `${text} (at byte ${this.bytesSeen + i})`,
      ...(limit ? { limit: { name: JSON_SHAPE_LIMIT_NAMES[limit], value: this.limits[limit] } } : {}),
    };
    return this.found;
  }
}

const PROTOTYPE_KEYS = ['__proto__', 'prototype', 'constructor'].map((key) => Buffer.from(key));

/**
 * Whether a key just read is (or, written with escapes, may be) `__proto__`, `prototype` or
 * `constructor`. Runs at the end of every key of the body, so it compares bytes in a plain loop:
 * a subarray and a native Buffer.compare per name cost 4 % of a 48 KB task's main-thread time.
 */
function isPrototypeKey(frame: Frame): boolean {
  const { key, keyLength } = frame;
  for (let i = 0; i < keyLength; i++) if (key[i] === BACKSLASH) return true;
  return PROTOTYPE_KEYS.some((name) => name.length === keyLength && sameBytes(key, name, keyLength));
}

function sameBytes(a: Uint8Array, b: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  // Not a hex digit: JSON.parse will refuse the body; keep counting without a false alarm.
  return 0;
}
