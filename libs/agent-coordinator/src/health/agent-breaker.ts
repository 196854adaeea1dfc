import { CircuitBreakerPolicy, CircuitState, ConsecutiveBreaker, circuitBreaker, handleAll } from 'cockatiel';

/** Half-open is an open circuit whose probe time has come. */
export const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

export interface BreakerView {
  state: BreakerState;
  openedAt: string | null;
  /** When an open circuit lets its next probe through. */
  probeAt: string | null;
}

/**
 * What is stored of a breaker so a restart keeps it (columns breaker_* of `agents`). Half-open is
 * not stored: it is an open circuit whose probe time (openedAt + halfOpenAfter) has come.
 */
export interface BreakerSnapshot {
  state: 'closed' | 'open';
  /** Epoch ms the circuit opened; null when closed. */
  openedAt: number | null;
  /** Consecutive failures ConsecutiveBreaker has counted. */
  failures: number;
  /** cockatiel's attempt number: half-open probes since the circuit first opened. */
  attempt: number;
}

export const CLOSED_BREAKER: BreakerSnapshot = Object.freeze({
  state: 'closed',
  openedAt: null,
  failures: 0,
  attempt: 0,
});

class AgentFailure extends Error {}

/**
 * One agent's circuit breaker: cockatiel's ConsecutiveBreaker. Outcomes arrive after the fact
 * (an external agent acks minutes after its claim), so each outcome is fed through `execute` as
 * an already-settled call instead of wrapping the work itself; cockatiel then does the state
 * machine: closed → open after N consecutive failures → (after halfOpenAfter) one probe →
 * closed on success, open again on failure.
 *
 * `initial` (a stored snapshot) rebuilds the breaker through cockatiel's `initialState`, so an
 * open circuit stays open after a restart and half-opens at the time it would have anyway.
 */
export class AgentBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private probeStartedAt: number | null = null;
  /** When the circuit last opened: cockatiel's own state forgets it while a probe runs. */
  private lastOpenedAt: number | null;

  constructor(
    consecutiveFailures: number,
    private readonly halfOpenAfterMs: number,
    onChange: (state: BreakerState) => void,
    initial: BreakerSnapshot = CLOSED_BREAKER,
  ) {
    const open = initial.state === 'open' && initial.openedAt !== null;
    this.lastOpenedAt = open ? initial.openedAt : null;
    const initialState = open
      ? {
          ownState: { value: CircuitState.Open, openedAt: initial.openedAt, attemptNo: Math.max(1, initial.attempt) },
          breakerState: initial.failures,
        }
      : {
          ownState: { value: CircuitState.Closed },
          breakerState: Math.max(0, Math.min(initial.failures, consecutiveFailures - 1)),
        };
    this.policy = circuitBreaker(handleAll, {
      halfOpenAfter: halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(consecutiveFailures),
      initialState,
    });
    this.policy.onStateChange((state) => {
      if (state === CircuitState.Open) this.lastOpenedAt = this.openedAt();
      onChange(nameOf(state));
    });
  }

  /** What to store after an outcome; a breaker constructed with it as `initial` is the same breaker. */
  snapshot(): BreakerSnapshot {
    const json = this.policy.toJSON() as {
      ownState: { value: CircuitState; openedAt?: number; attemptNo?: number };
      breakerState: number;
    };
    const own = json.ownState;
    const failures = typeof json.breakerState === 'number' ? json.breakerState : 0;
    if (own.value === CircuitState.Closed) return { state: 'closed', openedAt: null, failures, attempt: 0 };
    // Open, or half-open with the probe's outcome still being recorded (toJSON then says openedAt 0).
    const openedAt =
      typeof own.openedAt === 'number' && own.openedAt > 0 ? own.openedAt : (this.lastOpenedAt ?? Date.now());
    return { state: 'open', openedAt, failures, attempt: own.attemptNo ?? 1 };
  }

  /** Closed, or open long enough that a probe may go (and none is out). */
  admits(now = Date.now()): { ok: boolean; probe: boolean } {
    const state = this.policy.state;
    if (state === CircuitState.Closed) return { ok: true, probe: false };
    if (state === CircuitState.HalfOpen) return { ok: false, probe: false };
    if (this.probeStartedAt !== null && now - this.probeStartedAt < this.halfOpenAfterMs * 10)
      return { ok: false, probe: false };
    return this.probeDue(now) ? { ok: true, probe: true } : { ok: false, probe: false };
  }

  /** Marks a probe as out, so a second delivery waits for its outcome. */
  startProbe(now = Date.now()): void {
    this.probeStartedAt = now;
  }

  cancelProbe(): void {
    this.probeStartedAt = null;
  }

  async record(ok: boolean): Promise<void> {
    this.probeStartedAt = null;
    try {
      await this.policy.execute(() => (ok ? Promise.resolve() : Promise.reject(new AgentFailure())));
    } catch {
      // The failure itself, or BrokenCircuitError for an outcome that arrived while open: both
      // are already accounted for by the state machine.
    }
  }

  get isClosed(): boolean {
    return this.policy.state === CircuitState.Closed;
  }

  view(now = Date.now()): BreakerView {
    const state = this.policy.state;
    const openedAt = this.openedAt();
    if (state === CircuitState.Closed) return { state: 'closed', openedAt: null, probeAt: null };
    const probeAt = openedAt === null ? null : new Date(openedAt + this.halfOpenAfterMs).toISOString();
    const halfOpen = state === CircuitState.HalfOpen || this.probeStartedAt !== null || this.probeDue(now);
    return {
      state: halfOpen ? 'half-open' : 'open',
      openedAt: openedAt === null ? null : new Date(openedAt).toISOString(),
      probeAt,
    };
  }

  private probeDue(now: number): boolean {
    const openedAt = this.openedAt();
    return openedAt !== null && now - openedAt >= this.halfOpenAfterMs;
  }

  private openedAt(): number | null {
    // toJSON is cockatiel's documented way to read the state (typed unknown): { ownState: { value, openedAt } }.
    const own = (this.policy.toJSON() as { ownState: { value: CircuitState; openedAt?: number } }).ownState;
    return own.value === CircuitState.Open && typeof own.openedAt === 'number' && own.openedAt > 0
      ? own.openedAt
      : null;
  }
}

function nameOf(state: CircuitState): BreakerState {
  return state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half-open' : 'open';
}
