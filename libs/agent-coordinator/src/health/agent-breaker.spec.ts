import { AgentBreaker, BreakerState } from './agent-breaker';

describe('AgentBreaker (cockatiel ConsecutiveBreaker)', () => {
  it('opens after N consecutive failures, admits one probe after halfOpenAfter, closes on its success', async () => {
    const changes: BreakerState[] = [];
    const breaker = new AgentBreaker(3, 50, (s) => changes.push(s));
    await breaker.record(false);
    await breaker.record(true);
    await breaker.record(false);
    await breaker.record(false);
    expect(breaker.view().state).toBe('closed');
    await breaker.record(false);
    expect(breaker.view().state).toBe('open');
    expect(breaker.admits()).toEqual({ ok: false, probe: false });

    await new Promise((r) => setTimeout(r, 60));
    expect(breaker.admits()).toEqual({ ok: true, probe: true });
    breaker.startProbe();
    expect(breaker.admits().ok).toBe(false);
    await breaker.record(true);
    expect(breaker.view().state).toBe('closed');
    expect(changes).toEqual(['open', 'half-open', 'closed']);
  });

  it('a failed probe opens it again for another halfOpenAfter', async () => {
    const breaker = new AgentBreaker(1, 40, () => undefined);
    await breaker.record(false);
    await new Promise((r) => setTimeout(r, 50));
    breaker.startProbe();
    await breaker.record(false);
    expect(breaker.view().state).toBe('open');
    expect(breaker.admits().ok).toBe(false);
  });
});

describe('AgentBreaker snapshots (what survives a restart)', () => {
  it('an open circuit rebuilt from its snapshot stays open, keeps its openedAt, and admits its probe at the same time', async () => {
    const before = new AgentBreaker(2, 80, () => undefined);
    await before.record(false);
    await before.record(false);
    const snapshot = before.snapshot();
    expect(snapshot).toMatchObject({ state: 'open', failures: 2, attempt: 1 });
    expect(snapshot.openedAt).toBeGreaterThan(Date.now() - 1000);

    const changes: BreakerState[] = [];
    const after = new AgentBreaker(2, 80, (s) => changes.push(s), snapshot);
    expect(after.view()).toEqual(before.view());
    expect(after.view().state).toBe('open');
    expect(after.admits()).toEqual({ ok: false, probe: false });
    expect(after.isClosed).toBe(false);
    // An outcome arriving while open does not close it.
    await after.record(true);
    expect(after.view().state).toBe('open');

    await new Promise((r) => setTimeout(r, Math.max(0, (snapshot.openedAt as number) + 90 - Date.now())));
    expect(after.view().state).toBe('half-open');
    expect(after.admits()).toEqual({ ok: true, probe: true });
    after.startProbe();
    await after.record(true);
    expect(after.view().state).toBe('closed');
    expect(after.snapshot()).toEqual({ state: 'closed', openedAt: null, failures: 0, attempt: 0 });
    expect(changes).toEqual(['half-open', 'closed']);
  });

  it('a closed circuit keeps its consecutive failures: one more after the restart opens it', async () => {
    const before = new AgentBreaker(3, 1000, () => undefined);
    await before.record(false);
    await before.record(false);
    expect(before.snapshot()).toEqual({ state: 'closed', openedAt: null, failures: 2, attempt: 0 });
    const after = new AgentBreaker(3, 1000, () => undefined, before.snapshot());
    expect(after.view().state).toBe('closed');
    await after.record(false);
    expect(after.view().state).toBe('open');
  });

  it('a failed probe is stored with its new openedAt and attempt', async () => {
    const breaker = new AgentBreaker(1, 30, () => undefined);
    await breaker.record(false);
    const first = breaker.snapshot().openedAt as number;
    await new Promise((r) => setTimeout(r, 40));
    breaker.startProbe();
    await breaker.record(false);
    const snapshot = breaker.snapshot();
    expect(snapshot).toMatchObject({ state: 'open', attempt: 2 });
    expect(snapshot.openedAt).toBeGreaterThan(first);
    const rebuilt = new AgentBreaker(1, 30, () => undefined, snapshot);
    expect(rebuilt.view().openedAt).toBe(new Date(snapshot.openedAt as number).toISOString());
  });
});
