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
