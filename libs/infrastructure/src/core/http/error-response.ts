import type { Request, Response } from 'express';
import { BaseErrorHandler } from '../../base/base-error-handler';
import { BaseLogger } from '../../base/base-logger';
import { BaseResponse } from '../../base/base-response';
import { assignRequestId } from '../logging/request-id';

/**
 * Writes the error envelope for anything thrown, from a Nest filter or from Express middleware
 * (body parsing fails before Nest's pipeline). A client never sees a stack; the log has it.
 */
export function writeErrorResponse(
  exception: unknown,
  req: Request,
  res: Response,
  deps: { errors: BaseErrorHandler; response: BaseResponse; logger: BaseLogger },
): void {
  const requestId = assignRequestId(req, res);
  const classified = deps.errors.classify(exception);
  if (!classified.expected) {
    deps.logger.error(
      { requestId, err: exception, method: req.method, url: req.originalUrl ?? req.url },
      'Unhandled error',
    );
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  for (const [name, value] of Object.entries(classified.headers ?? {})) res.setHeader(name, value);
  res.status(classified.status).json(deps.response.failure(classified, requestId));
}
