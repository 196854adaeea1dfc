import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { fixedHeaders } from './fixed-headers';

/** The headers a middleware leaves on a response that already had X-Powered-By. */
function headersAfter(middleware: (req: Request, res: Response, next: NextFunction) => void, req: object = {}) {
  const headers = new Map<string, unknown>([['x-powered-by', 'Express']]);
  const res = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  let nexted = false;
  middleware(req as Request, res as unknown as Response, () => (nexted = true));
  return { headers: Object.fromEntries(headers), nexted };
}

describe('fixedHeaders', () => {
  it('replays exactly the headers helmet sets and removes', () => {
    const options = {
      contentSecurityPolicy: { directives: { 'script-src': ["'self'", "'unsafe-inline'"] } },
      strictTransportSecurity: true,
    };
    const original = helmet(options);
    const replayed = fixedHeaders(original);
    expect(replayed).not.toBe(original);
    const expected = headersAfter(helmet(options));
    expect(expected.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    expect(expected.headers['x-powered-by']).toBeUndefined();
    expect(headersAfter(replayed)).toEqual(expected);
  });

  it('keeps a middleware that reads the request or defers', () => {
    const readsRequest = (req: Request, res: Response, next: NextFunction) => {
      res.setHeader('X-Path', req.path);
      next();
    };
    const defers = (_req: Request, _res: Response, next: NextFunction) => void setImmediate(next);
    expect(fixedHeaders(readsRequest)).toBe(readsRequest);
    expect(fixedHeaders(defers)).toBe(defers);
  });
});
