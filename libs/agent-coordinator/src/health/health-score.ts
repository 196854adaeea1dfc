/**
 * The agent health score, 0..100 (README "Health score"):
 *
 *   score = 100 × (0.6·S + 0.2·L + 0.2·H) × max(0, 1 − 0.1·c)
 *
 *   S  success rate, exponentially weighted: S ← α·ok + (1−α)·S, starting at 1
 *   L  latency factor: min(1, latencyTargetMs / latencyEwmaMs) (1 before any outcome)
 *   H  heartbeat freshness: 1 for built-in agents; for external ones 1 while the last heartbeat
 *      is under half the timeout old, falling linearly to 0 at the timeout
 *   c  consecutive failures (reset by a success)
 *
 * With the defaults (α 0.3, threshold 50) a healthy agent crosses the threshold at its third
 * consecutive failure, which is also when its breaker opens, and one success brings it back.
 */
export interface HealthInputs {
  successEwma: number;
  latencyEwmaMs: number | null;
  consecutiveFailures: number;
  /** 0..1. */
  heartbeatFreshness: number;
}

export interface ScoreSettings {
  latencyTargetMs: number;
}

export function healthScore(inputs: HealthInputs, settings: ScoreSettings): number {
  const latency =
    inputs.latencyEwmaMs === null ? 1 : Math.min(1, settings.latencyTargetMs / Math.max(inputs.latencyEwmaMs, 1));
  const base = 0.6 * clamp01(inputs.successEwma) + 0.2 * latency + 0.2 * clamp01(inputs.heartbeatFreshness);
  const penalty = Math.max(0, 1 - 0.1 * inputs.consecutiveFailures);
  return Math.round(100 * base * penalty * 10) / 10;
}

/** Folds one outcome into the averages. */
export function applyOutcome(
  current: { successEwma: number; latencyEwmaMs: number | null; consecutiveFailures: number },
  outcome: { ok: boolean; latencyMs: number },
  alpha: number,
): { successEwma: number; latencyEwmaMs: number; consecutiveFailures: number } {
  return {
    successEwma: alpha * (outcome.ok ? 1 : 0) + (1 - alpha) * current.successEwma,
    latencyEwmaMs:
      current.latencyEwmaMs === null
        ? outcome.latencyMs
        : alpha * outcome.latencyMs + (1 - alpha) * current.latencyEwmaMs,
    consecutiveFailures: outcome.ok ? 0 : current.consecutiveFailures + 1,
  };
}

/** 1 while the heartbeat is under half the timeout old, then linearly down to 0 at the timeout. */
export function heartbeatFreshness(ageMs: number | null, timeoutMs: number): number {
  if (ageMs === null) return 0;
  const half = timeoutMs / 2;
  if (ageMs <= half) return 1;
  if (ageMs >= timeoutMs) return 0;
  return 1 - (ageMs - half) / half;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
