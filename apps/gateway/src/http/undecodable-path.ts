import type { NextFunction, Request, Response } from 'express';

/**
 * Refuses a path that is not valid percent-encoded UTF-8 (`%ED%A0%80`, `%C3%28`) before routing,
 * with the URIError Express's router raises for it (status 400, which the error handler answers
 * as VALIDATION_FAILED naming `path`). Past this point the router would raise it inside Nest's
 * route layer, whose handler turns it into a bare 400 that names no field.
 */
export function refuseUndecodablePaths(req: Request, _res: Response, next: NextFunction): void {
  if (!req.url.includes('%')) return next();
  try {
    decodeURIComponent(req.path);
  } catch {
    return next(Object.assign(new URIError(`Failed to decode path '${req.path}'`), { status: 400 }));
  }
  next();
}
