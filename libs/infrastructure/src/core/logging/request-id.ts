import type { IncomingMessage, ServerResponse } from 'node:http';
import { ulid } from 'ulid';
import { pooledRandom } from './pooled-random';

export const REQUEST_ID_HEADER = 'x-request-id';
// A client-supplied id is kept only when it is short and plain, so it cannot inject into logs.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id: the client's `X-Request-Id` when acceptable, otherwise a new ULID; echoed back. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const existing = (req as IncomingMessage & { id?: unknown }).id;
  if (typeof existing === 'string') return existing;
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : ulid(undefined, pooledRandom);
  (req as IncomingMessage & { id?: string }).id = id;
  if (!res.headersSent) res.setHeader('X-Request-Id', id);
  return id;
}

export function requestIdOf(req: unknown): string {
  const id = (req as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : 'unknown';
}
