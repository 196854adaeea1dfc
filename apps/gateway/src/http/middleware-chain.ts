import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Express middlewares run as one router layer, in order, as separate `app.use` calls would run
 * them. Express's router does per-layer work (path match, prefix trim, parameters, a try/catch)
 * for every layer a request passes; a dozen layers were a tenth of a liveness probe's pipeline.
 *
 * Same contract as Express 5: a middleware that throws, rejects or calls `next(err)` ends the
 * chain, and Express's error handlers get the error; `next('route')` goes on to the next
 * middleware (as it does between application-level layers); `next('router')` leaves the router.
 */
export function middlewareChain(handlers: readonly RequestHandler[]): RequestHandler {
  if (handlers.length === 1) return handlers[0];
  return (req: Request, res: Response, next: NextFunction) => {
    let index = 0;
    const step = (err?: unknown): void => {
      if (err !== undefined && err !== null && err !== 'route') return next(err);
      const handler = handlers[index++];
      if (!handler) return next();
      try {
        const result: unknown = handler(req, res, step);
        if (isThenable(result))
          result.then(undefined, (error: unknown) => step(error || new Error('Rejected promise')));
      } catch (error) {
        step(error);
      }
    };
    step();
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}
