/** One offending field of a VALIDATION_FAILED error: a dotted/indexed path and what is wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
  value?: unknown;
}

/** The service's error envelope: `{ success: false, error: { code, message, details? }, meta }`. */
interface ErrorEnvelope {
  success?: false;
  error?: { code?: string; message?: string; details?: unknown };
  meta?: { requestId?: string };
}

/**
 * An error answer from the service, with its closed-set code (`VALIDATION_FAILED`, `NOT_FOUND`,
 * `RATE_LIMITED`, …), message, structured details and, for validation errors, the offending fields.
 * A body that is not the service's envelope (a proxy's HTML page) gets the code `HTTP_<status>`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly fields: FieldProblem[],
    readonly requestId: string | undefined,
  ) {
    super(message);
  }

  /** Builds the error from a response and its already parsed body (`undefined` when not JSON). */
  static fromBody(response: Response, body: unknown): ApiError {
    const envelope = (typeof body === 'object' && body !== null ? body : {}) as ErrorEnvelope;
    const error = envelope.error ?? {};
    const details = error.details;
    const listed = (details as { fields?: unknown } | undefined)?.fields;
    const fields = Array.isArray(listed) ? (listed as FieldProblem[]) : [];
    return new ApiError(
      response.status,
      error.code ?? `HTTP_${response.status}`,
      error.message ?? (typeof body === 'string' && body ? body.slice(0, 500) : response.statusText),
      details,
      fields,
      envelope.meta?.requestId ?? response.headers.get('x-request-id') ?? undefined,
    );
  }

  /** Reads the body of an error response (consuming it) and builds the error. */
  static async fromResponse(response: Response): Promise<ApiError> {
    const text = await response.text().catch(() => '');
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text for the message
    }
    return ApiError.fromBody(response, body);
  }
}

/** A wait helper ran out of time before the resource reached the state it waited for. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
}
