import { ProviderBreaker } from './provider-breakers';

const settings = { consecutiveFailures: 3, failureRate: 0.5, windowSize: 10, minimumCalls: 6, halfOpenAfterMs: 60_000 };
const fail = () => Promise.reject(new Error('boom'));
const ok = () => Promise.resolve('ok');

function breaker(isFault: (err: Error) => boolean = () => true) {
  const changes: string[] = [];
  const b = new ProviderBreaker(
    'test',
    settings,
    isFault,
    (x) => changes.push(x.state),
    () => undefined,
  );
  return { b, changes };
}

describe('ProviderBreaker', () => {
  it('opens after consecutive failures and refuses with PROVIDER_UNAVAILABLE and Retry-After', async () => {
    const { b, changes } = breaker();
    for (let i = 0; i < 3; i++) await expect(b.execute(fail)).rejects.toThrow('boom');
    expect(b.state).toBe('open');
    expect(changes).toEqual(['open']);
    const refused = await b.execute(ok).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', details: { provider: 'test', circuit: 'open' } });
    // 60 s half-open delay, whole seconds rounded up (59 only on a machine stalled for over a second).
    expect(Number((refused as { headers: Record<string, string> }).headers['Retry-After'])).toBeGreaterThanOrEqual(59);
    expect(b.snapshot()).toMatchObject({ state: 'open', rejected: 1 });
  });

  it('opens on a failure rate over the window even without three failures in a row', async () => {
    const { b } = breaker();
    // fail, ok, fail, ok, fail, fail: never three in a row, 4 of 6 (> 50 %) once 6 calls were made.
    for (const call of [fail, ok, fail, ok, fail]) await b.execute(call).catch(() => undefined);
    expect(b.state).toBe('closed');
    await b.execute(fail).catch(() => undefined);
    expect(b.state).toBe('open');
  });

  it('counts only the failures the caller calls provider faults', async () => {
    const { b } = breaker((err) => err.message !== 'bad request');
    for (let i = 0; i < 5; i++)
      await expect(b.execute(() => Promise.reject(new Error('bad request')))).rejects.toThrow();
    expect(b.state).toBe('closed');
  });
});
