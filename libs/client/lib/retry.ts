/** Statuses that mean "not processed, try again later": rate limited, queue full, shutting down. */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export interface RetryOptions {
  /** Attempts in all, the first included (default 4; 1 turns retries off). */
  maxAttempts?: number;
  /** Base of the exponential backoff without Retry-After (default 250 ms). */
  baseDelayMs?: number;
  /** Upper bound on one wait, Retry-After included (default 30 s); a longer Retry-After is not retried. */
  maxDelayMs?: number;
  /** Called before each wait, e.g. for logging. */
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  attempt: number;
  status: number;
  delayMs: number;
  retryAfterMs: number | undefined;
  url: string;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The wait before attempt `attempt + 1`: Retry-After when the service sent it (plus up to 10 %
 * jitter so that many clients told the same second do not return together), otherwise exponential
 * backoff with full jitter (a random wait between 0 and base·2^(attempt-1), capped).
 */
export function backoffDelayMs(
  attempt: number,
  retryAfter: number | undefined,
  options: Required<Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>>,
  random: () => number = Math.random,
): number {
  if (retryAfter !== undefined) return Math.round(retryAfter + retryAfter * 0.1 * random());
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling * random());
}

function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}

/**
 * Wraps a fetch so that 429 and 503 answers are retried, at most `maxAttempts` times in all, each
 * wait bounded by `maxDelayMs`. The request is cloned per attempt, so a body is sent again, with the
 * same headers: a create keeps its Idempotency-Key and is never run twice.
 */
export function retryingFetch(
  base: (input: Request) => Promise<Response>,
  options: RetryOptions = {},
): (input: Request) => Promise<Response> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  const bounds = { baseDelayMs: options.baseDelayMs ?? 250, maxDelayMs: options.maxDelayMs ?? 30_000 };
  return async (request) => {
    for (let attempt = 1; ; attempt++) {
      const response = await base(attempt < maxAttempts ? request.clone() : request);
      if (!RETRY_STATUSES.has(response.status) || attempt >= maxAttempts) return response;
      const retryAfter = retryAfterMs(response.headers.get('retry-after'));
      if (retryAfter !== undefined && retryAfter > bounds.maxDelayMs) return response;
      const delayMs = Math.min(bounds.maxDelayMs, backoffDelayMs(attempt, retryAfter, bounds));
      options.onRetry?.({ attempt, status: response.status, delayMs, retryAfterMs: retryAfter, url: request.url });
      await response.body?.cancel().catch(() => undefined);
      await sleep(delayMs, request.signal);
    }
  };
}
