import { backoffDelayMs, retryAfterMs, retryingFetch } from './retry';

const bounds = { baseDelayMs: 100, maxDelayMs: 1000 };

describe('retry delays', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs('0')).toBe(0);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 7_000)).toBe(3000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('waits at least Retry-After, with at most 10 % jitter on top', () => {
    expect(backoffDelayMs(1, 2000, bounds, () => 0)).toBe(2000);
    expect(backoffDelayMs(1, 2000, bounds, () => 0.999)).toBe(2200);
  });

  it('without Retry-After, backs off exponentially with full jitter, capped', () => {
    expect(backoffDelayMs(1, undefined, bounds, () => 1)).toBe(100);
    expect(backoffDelayMs(3, undefined, bounds, () => 1)).toBe(400);
    expect(backoffDelayMs(10, undefined, bounds, () => 1)).toBe(1000);
    expect(backoffDelayMs(3, undefined, bounds, () => 0.5)).toBe(200);
  });
});

describe('retryingFetch', () => {
  const answer = (status: number, headers: Record<string, string> = {}) => new Response('{}', { status, headers });

  it('retries 429 and 503 up to maxAttempts, resending the same headers and body', async () => {
    const seen: string[] = [];
    const statuses = [429, 503, 200];
    const fetch = retryingFetch(
      async (req) => {
        seen.push(`${req.headers.get('idempotency-key')} ${await req.text()}`);
        return answer(statuses.shift()!, { 'retry-after': '0' });
      },
      { maxAttempts: 3 },
    );
    const res = await fetch(
      new Request('http://127.0.0.1/x', { method: 'POST', body: 'b', headers: { 'idempotency-key': 'k' } }),
    );
    expect(res.status).toBe(200);
    expect(seen).toEqual(['k b', 'k b', 'k b']);
  });

  it('gives the last answer when attempts run out, and does not retry other errors or too long a Retry-After', async () => {
    let calls = 0;
    const always = (status: number, headers: Record<string, string> = {}) =>
      retryingFetch(async () => (calls++, answer(status, headers)), { maxAttempts: 2, baseDelayMs: 1 });
    expect((await always(429)(new Request('http://127.0.0.1/x'))).status).toBe(429);
    expect(calls).toBe(2);
    calls = 0;
    expect((await always(500)(new Request('http://127.0.0.1/x'))).status).toBe(500);
    expect(calls).toBe(1);
    calls = 0;
    expect((await always(429, { 'retry-after': '3600' })(new Request('http://127.0.0.1/x'))).status).toBe(429);
    expect(calls).toBe(1);
  });
});
