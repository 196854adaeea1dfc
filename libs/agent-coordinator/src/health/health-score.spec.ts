import { applyOutcome, healthScore, heartbeatFreshness } from './health-score';

const settings = { latencyTargetMs: 2000 };
const fresh = { successEwma: 1, latencyEwmaMs: null as number | null, consecutiveFailures: 0 };

function after(outcomes: boolean[], latencyMs = 100) {
  let state = fresh;
  for (const ok of outcomes) state = applyOutcome(state, { ok, latencyMs }, 0.3);
  return state;
}

describe('health score', () => {
  it('is 100 for a new, fast, fresh agent', () => {
    expect(healthScore({ ...fresh, heartbeatFreshness: 1 }, settings)).toBe(100);
  });

  it('falls below 50 at the third consecutive failure, not before, and one success lifts it back', () => {
    const scores = [1, 2, 3].map((n) =>
      healthScore({ ...after(Array(n).fill(false)), heartbeatFreshness: 1 }, settings),
    );
    expect(scores[0]).toBeGreaterThan(50);
    expect(scores[1]).toBeGreaterThan(50);
    expect(scores[2]).toBeLessThan(50);
    // 0.6·0.343 + 0.2 + 0.2 = 0.6058, × (1 − 0.3) = 0.424
    expect(scores[2]).toBeCloseTo(42.4, 1);
    const recovered = after([false, false, false, true]);
    expect(recovered.consecutiveFailures).toBe(0);
    expect(healthScore({ ...recovered, heartbeatFreshness: 1 }, settings)).toBeGreaterThan(50);
  });

  it('charges latency above the target proportionally', () => {
    const slow = after([true], 8000);
    // L = 2000 / 8000 = 0.25 → 0.6 + 0.05 + 0.2 = 0.85
    expect(healthScore({ ...slow, heartbeatFreshness: 1 }, settings)).toBe(85);
  });

  it('weights the newest outcome by alpha', () => {
    const s = after([false, true]);
    expect(s.successEwma).toBeCloseTo(0.3 + 0.7 * 0.7, 10);
  });

  it('heartbeat freshness: full until half the timeout, zero at the timeout', () => {
    expect(heartbeatFreshness(0, 1000)).toBe(1);
    expect(heartbeatFreshness(500, 1000)).toBe(1);
    expect(heartbeatFreshness(750, 1000)).toBeCloseTo(0.5);
    expect(heartbeatFreshness(1000, 1000)).toBe(0);
    expect(heartbeatFreshness(null, 1000)).toBe(0);
  });
});
