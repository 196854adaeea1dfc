import { PassThrough } from 'node:stream';
import type { Request, Response } from 'express';
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
});
