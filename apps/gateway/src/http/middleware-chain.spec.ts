import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import request from 'supertest';
import { middlewareChain } from './middleware-chain';

/** An Express app running `handlers` as one chain, then a route, then an error handler. */
function appWith(handlers: RequestHandler[]) {
  const app = express();
  app.use(middlewareChain(handlers));
  app.get('/', (req, res) => void res.json({ seen: res.locals.seen ?? [] }));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
  });
  return app;
}

const marks =
  (name: string): RequestHandler =>
  (_req, res, next) => {
    res.locals.seen = [...(res.locals.seen ?? []), name];
    next();
  };

describe('middlewareChain', () => {
  it('runs the middlewares in order, then the routes', async () => {
    const res = await request(appWith([marks('a'), marks('b'), marks('c')])).get('/');
    expect(res.body).toEqual({ seen: ['a', 'b', 'c'] });
  });

  it('goes on when a middleware calls next later', async () => {
    const deferred: RequestHandler = (_req, res, next) =>
      void setImmediate(() => {
        res.locals.seen = ['deferred'];
        next();
      });
    const res = await request(appWith([deferred, marks('after')])).get('/');
    expect(res.body).toEqual({ seen: ['deferred', 'after'] });
  });

  it.each([
    ['next(err)', ((_req, _res, next) => next(new Error('passed on'))) as RequestHandler, 'passed on'],
    [
      'a throw',
      (() => {
        throw new Error('thrown');
      }) as RequestHandler,
      'thrown',
    ],
    ['a rejected promise', (async () => Promise.reject(new Error('rejected'))) as RequestHandler, 'rejected'],
  ])('ends the chain at %s and hands the error to the error handlers', async (_name, failing, message) => {
    const skipped = jest.fn<void, Parameters<RequestHandler>>((_req, _res, next) => next());
    const res = await request(appWith([marks('a'), failing, skipped])).get('/');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: message });
    expect(skipped).not.toHaveBeenCalled();
  });

  it("treats next('route') as going on, as between application-level layers", async () => {
    const res = await request(appWith([(_req, _res, next) => next('route'), marks('b')])).get('/');
    expect(res.body).toEqual({ seen: ['b'] });
  });

  it('stops at a middleware that answers', async () => {
    const answers: RequestHandler = (_req, res) => void res.status(403).json({ refused: true });
    const skipped = jest.fn<void, Parameters<RequestHandler>>((_req, _res, next) => next());
    const res = await request(appWith([answers, skipped])).get('/');
    expect(res.status).toBe(403);
    expect(skipped).not.toHaveBeenCalled();
  });

  it('is the middleware itself when there is only one', () => {
    const only = marks('only');
    expect(middlewareChain([only])).toBe(only);
  });
});
