import type { NextFunction, Request, RequestHandler, Response } from 'express';

type HeaderOp = readonly [name: string, value: string | number | readonly string[] | undefined];

/**
 * A middleware that only sets and removes fixed response headers (helmet's, whose directives are
 * all fixed here), recorded once and replayed as one loop per request. helmet chains a dozen
 * middlewares per request, a sixth of a liveness probe's pipeline. A middleware that reads the
 * request, touches the response otherwise, fails or defers is used as it is.
 */
export function fixedHeaders(middleware: RequestHandler): RequestHandler {
  const ops: HeaderOp[] = [];
  let fixed = true;
  const req = new Proxy({} as Request, { get: () => void (fixed = false) });
  const res = new Proxy({} as Response, {
    get: (_target, property) => {
      if (property === 'setHeader') return (name: string, value: HeaderOp[1]) => void ops.push([name, value]);
      if (property === 'removeHeader') return (name: string) => void ops.push([name, undefined]);
      fixed = false;
      return undefined;
    },
  });
  let done = false;
  try {
    void middleware(req, res, (err?: unknown) => {
      done = err === undefined;
    });
  } catch {
    fixed = false;
  }
  if (!fixed || !done) return middleware;
  return (_req: Request, response: Response, next: NextFunction) => {
    for (const [name, value] of ops) {
      if (value === undefined) response.removeHeader(name);
      else response.setHeader(name, value);
    }
    next();
  };
}
