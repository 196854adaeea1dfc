import { BaseResponse, ErrorEnvelope, SuccessEnvelope } from '../../base/base-response';
import type { ErrorCode } from '../errors/error-codes';

export class CoreResponse extends BaseResponse {
  success<T>(data: T, requestId: string): SuccessEnvelope<T> {
    return { success: true, data, meta: { requestId, timestamp: new Date().toISOString() } };
  }

  failure(error: { code: ErrorCode; message: string; details?: unknown }, requestId: string): ErrorEnvelope {
    const body: ErrorEnvelope['error'] = { code: error.code, message: error.message };
    if (error.details !== undefined) body.details = error.details;
    return { success: false, error: body, meta: { requestId, timestamp: new Date().toISOString() } };
  }
}
