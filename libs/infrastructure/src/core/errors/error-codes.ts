/**
 * The closed set of error codes a client can receive, each bound to exactly one HTTP status.
 * Adding a code is an API change: document it in the README's error table in the same commit.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  PROVIDER_UNAVAILABLE: 503,
  QUEUE_FULL: 503,
  SHUTTING_DOWN: 503,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_DESCRIPTIONS: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request (body, query, path or header) failed validation; details list each offending field.',
  UNAUTHORIZED: 'No valid credentials: missing, unknown or expired API key or bearer token.',
  FORBIDDEN: 'Authenticated, but the role is too low, or the client address is not allowed.',
  NOT_FOUND: 'No such route or resource (also returned for resources of another tenant).',
  METHOD_NOT_ALLOWED: 'The route exists but not for this HTTP method.',
  CONFLICT: 'The resource is not in a state that allows this operation.',
  PAYLOAD_TOO_LARGE: "The request body exceeds its route's limit (BODY_LIMIT or BODY_LIMIT_DEFAULT, in details).",
  UNSUPPORTED_MEDIA_TYPE: 'The request body is not JSON (Content-Type), not UTF-8, or in an unknown Content-Encoding.',
  RATE_LIMITED: 'Too many requests; retry after the number of seconds in the Retry-After header.',
  INTERNAL: 'An unexpected error; the log has the details under the request id.',
  PROVIDER_UNAVAILABLE: 'A required provider (e.g. an LLM endpoint) is not configured or not reachable.',
  QUEUE_FULL: 'The queue is at capacity; retry later.',
  SHUTTING_DOWN: 'The service is shutting down and accepts no new work; retry on another replica.',
  SERVICE_UNAVAILABLE: 'A health check failed or a dependency (database, Redis) is unreachable; details say which.',
  TIMEOUT: 'The operation did not finish within its time bound.',
};

export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code];
}
