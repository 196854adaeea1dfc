import { PassThrough } from 'node:stream';
import type { Request, Response } from 'express';
import { jsonSourceOf, jsonTextOf } from '../json/json-text';
import { jsonBodyReader } from './json-body-reader';

const reader = jsonBodyReader({
  limit: { bytes: 1024 * 1024, setting: 'BODY_LIMIT' },
  shape: { maxDepth: 32, maxArrayItems: 10_000, maxObjectKeys: 1_000, maxStringChars: 100_000, maxValues: 100_000 },
});

/** A request whose body is `json`, complete once it has been read. */
function jsonRequest(json: string): Request {
  const stream = new PassThrough() as unknown as Request & PassThrough;
  const bytes = Buffer.from(json);
  Object.assign(stream, {
    headers: { 'content-type': 'application/json', 'content-length': String(bytes.length) },
    complete: true,
  });
  stream.end(bytes);
  return stream;
}

describe('jsonBodyReader', () => {
  it('hands bodies that end together to their routes one per event-loop iteration, in arrival order', async () => {
    let iteration = 0;
    let spinning = true;
    const spin = () => {
      iteration++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const routed: Array<{ n: number; at: number }> = [];
    const requests = [1, 2, 3, 4].map((n) => jsonRequest(JSON.stringify({ n })));
    await Promise.all(
      requests.map(
        (req) =>
          new Promise<void>((resolve, reject) =>
            reader(req, {} as Response, (err?: unknown) => {
              if (err) return reject(err as Error);
              routed.push({ n: (req.body as { n: number }).n, at: iteration });
              resolve();
            }),
          ),
      ),
    );
    spinning = false;
    expect(routed.map((r) => r.n)).toEqual([1, 2, 3, 4]);
    expect(new Set(routed.map((r) => r.at)).size).toBe(4);
  });

  /** The parsed body of `json`, as a route would get it. */
  function read(json: string): Promise<Record<string, unknown>> {
    const req = jsonRequest(json);
    return new Promise((resolve, reject) =>
      reader(req, {} as Response, (err?: unknown) => (err ? reject(err as Error) : resolve(req.body))),
    );
  }

  it('keeps the text of each object member as the client wrote it, for storing, not for answering', async () => {
    const body = await read('{"type":"t","input":{ "candles" : [1.50, 2] },"list":[3]}');
    expect(body.input).toEqual({ candles: [1.5, 2] });
    expect(jsonSourceOf(body.input)).toBe('{ "candles" : [1.50, 2] }');
    expect(jsonSourceOf(body.list)).toBe('[3]');
    expect(jsonTextOf(body.input)).toBeUndefined();
  });

  it('keeps no text for the value a repeated key replaced, nor once prototype keys were stripped', async () => {
    const repeated = await read('{"input":{"a":1},"input":{"b":2}}');
    expect(jsonSourceOf(repeated.input)).toBe('{"b":2}');
    const stripped = await read('{"input":{"a":1,"__proto__":{"x":1}}}');
    expect(stripped.input).toEqual({ a: 1 });
    expect(jsonSourceOf(stripped.input)).toBeUndefined();
  });
});
