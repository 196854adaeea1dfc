import { BaseResponse, ErrorEnvelope, SuccessEnvelope } from '../../base/base-response';
import type { ErrorCode } from '../errors/error-codes';

export class CoreResponse extends BaseResponse {
  // The ISO text of the current millisecond: a busy replica answers several requests per
  // millisecond, and formatting a Date was a few percent of a liveness probe.
  private stampMs = Number.NaN;
  private stampText = '';

  success<T>(data: T, requestId: string): SuccessEnvelope<T> {
    return { success: true, data, meta: { requestId, timestamp: this.timestamp() } };
  }

  failure(error: { code: ErrorCode; message: string; details?: unknown }, requestId: string): ErrorEnvelope {
    const body: ErrorEnvelope['error'] = { code: error.code, message: error.message };
    if (error.details !== undefined) body.details = error.details;
    return { success: false, error: body, meta: { requestId, timestamp: this.timestamp() } };
  }

  private timestamp(): string {
    const now = Date.now();
    if (now !== this.stampMs) {
      this.stampMs = now;
      this.stampText = new Date(now).toISOString();
    }
    return this.stampText;
  }
}
