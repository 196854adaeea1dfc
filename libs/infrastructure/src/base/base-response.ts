import type { ErrorCode } from '../core/errors/error-codes';

export interface ResponseMeta {
  requestId: string;
  timestamp: string;
}

export interface SuccessEnvelope<T> {
  success: true;
  data: T;
  meta: ResponseMeta;
}

export interface ErrorEnvelope {
  success: false;
  error: { code: ErrorCode; message: string; details?: unknown };
  meta: ResponseMeta;
}

/** The one JSON envelope every response uses (DESIGN.md, HTTP conventions). */
export abstract class BaseResponse {
  abstract success<T>(data: T, requestId: string): SuccessEnvelope<T>;
  abstract failure(error: { code: ErrorCode; message: string; details?: unknown }, requestId: string): ErrorEnvelope;
}
