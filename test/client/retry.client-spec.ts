import { ApiError, type RetryInfo } from '@neliti/ai-orchestration-client';
import { ClientService, startClientService } from './support';

describe('client retries', () => {
  let svc: ClientService;
  // Two requests per principal per 2 s window: the third is answered 429 with Retry-After.
  beforeAll(async () => (svc = await startClientService({ RATE_LIMIT_MAX: '2', RATE_LIMIT_TTL_MS: '2000' })));
  afterAll(() => svc?.stop());

  it('retries a 429 after the Retry-After the service sent, and the call succeeds', async () => {
    const retries: (RetryInfo & { at: number })[] = [];
    const client = svc.client({
      retry: { maxAttempts: 4, onRetry: (info) => retries.push({ ...info, at: Date.now() }) },
    });
    const done: number[] = [];
    for (let i = 0; i < 4; i++) {
      const calendars = await client.get('/api/v1/calendars');
      expect(Array.isArray(calendars)).toBe(true);
      done.push(Date.now());
    }
    expect(retries.length).toBeGreaterThan(0);
    for (const retry of retries) {
      expect(retry.status).toBe(429);
      expect(retry.retryAfterMs).toBeGreaterThan(0);
      expect(retry.delayMs).toBeGreaterThanOrEqual(retry.retryAfterMs!);
    }
    // The retried call finished no earlier than the wait the service asked for.
    const first = retries[0];
    expect(done.find((t) => t >= first.at)! - first.at).toBeGreaterThanOrEqual(first.retryAfterMs! - 5);
  });

  it('without retries, a 429 is an ApiError with code RATE_LIMITED', async () => {
    const client = svc.client({ retry: { maxAttempts: 1 } });
    const errors: ApiError[] = [];
    for (let i = 0; i < 4; i++) await client.get('/api/v1/calendars').catch((e: ApiError) => errors.push(e));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBeInstanceOf(ApiError);
    expect(errors[0]).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });
});
