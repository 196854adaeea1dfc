import { Injectable } from '@nestjs/common';
import {
  BrokenCircuitError,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  CountBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import type { Counter, Gauge } from 'prom-client';
import { BaseConfig } from '../../base/base-config';
import { BasePerformance } from '../../base/base-performance';
import type { ProviderBreakerSettings } from '../config/schema/provider-breakers.schema';
import { AppError } from '../errors/app-error';
import { EitherBreaker } from './composite-breaker';

export const BREAKER_STATES = ['closed', 'open', 'half-open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

/** One provider's circuit as /status shows it. */
export interface BreakerSnapshot {
  state: BreakerState;
  /** When the circuit last opened (ISO), while it is open or probing. */
  openedAt: string | null;
  /** Seconds until a probe may go through (0 unless open). */
  retryAfterSeconds: number;
  /** Calls refused while open, since start. */
  rejected: number;
}

// Names come from code and admin-registered external models; a bound keeps a misuse from growing it.
const MAX_BREAKERS = 1000;
const GAUGE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * One provider's circuit: cockatiel's policy with a consecutive-or-rate breaker. Only failures
 * the caller calls provider faults count (a 400 for a bad prompt or a cancelled call does not).
 */
export class ProviderBreaker {
  private readonly policy: CircuitBreakerPolicy;
  private openedAt: number | null = null;
  private rejectedCount = 0;

  constructor(
    readonly name: string,
    private readonly settings: ProviderBreakerSettings,
    isFault: (err: Error) => boolean,
    private readonly onChange: (breaker: ProviderBreaker) => void,
    private readonly onReject: (breaker: ProviderBreaker) => void,
  ) {
    const breaker = new EitherBreaker(
      new ConsecutiveBreaker(settings.consecutiveFailures),
      new CountBreaker({
        threshold: settings.failureRate,
        size: settings.windowSize,
        minimumNumberOfCalls: Math.min(settings.minimumCalls, settings.windowSize),
      }),
    );
    this.policy = circuitBreaker(handleWhen(isFault), { halfOpenAfter: settings.halfOpenAfterMs, breaker });
    this.policy.onBreak(() => {
      this.openedAt = Date.now();
      this.onChange(this);
    });
    this.policy.onReset(() => {
      this.openedAt = null;
      this.onChange(this);
    });
    this.policy.onHalfOpen(() => this.onChange(this));
  }

  get state(): BreakerState {
    const state = this.policy.state;
    if (state === CircuitState.Closed) return 'closed';
    return state === CircuitState.HalfOpen ? 'half-open' : 'open';
  }

  /** Whether a call now would be refused without reaching the provider. */
  get refusing(): boolean {
    return this.state === 'open' && this.retryAfterMs() > 0;
  }

  retryAfterMs(): number {
    if (this.state !== 'open' || this.openedAt === null) return 0;
    return Math.max(0, this.openedAt + this.settings.halfOpenAfterMs - Date.now());
  }

  /**
   * Runs `call` through the circuit. While open it throws PROVIDER_UNAVAILABLE (503) with
   * Retry-After at once, never reaching the provider.
   */
  async execute<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await this.policy.execute(call);
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        this.rejectedCount++;
        this.onReject(this);
        throw this.unavailable();
      }
      throw err;
    }
  }

  /** The refusal a caller gets while the circuit is open. */
  unavailable(): AppError {
    const seconds = Math.max(1, Math.ceil(this.retryAfterMs() / 1000));
    return new AppError(
      'PROVIDER_UNAVAILABLE',
      `Provider '${this.name}' is failing; its circuit is open (retry in ${seconds} s)`,
      { provider: this.name, circuit: this.state, retryAfterSeconds: seconds },
      { 'Retry-After': String(seconds) },
    );
  }

  snapshot(): BreakerSnapshot {
    return {
      state: this.state,
      openedAt: this.openedAt === null ? null : new Date(this.openedAt).toISOString(),
      retryAfterSeconds: Math.ceil(this.retryAfterMs() / 1000),
      rejected: this.rejectedCount,
    };
  }
}

/**
 * The circuit breakers of outbound AI providers, by name (`llm`, `embeddings`,
 * `external:<model>@<version>`): created on first use with the configured thresholds, their state
 * on /status (see ProviderBreakersStatus) and /metrics.
 */
@Injectable()
export class ProviderBreakers {
  private readonly settings: ProviderBreakerSettings;
  private readonly breakers = new Map<string, ProviderBreaker>();
  private readonly stateGauge: Gauge<'provider'>;
  private readonly transitions: Counter<'provider' | 'state'>;
  private readonly rejections: Counter<'provider'>;

  constructor(config: BaseConfig, performance: BasePerformance) {
    this.settings = config.values.aiComponents.providerBreakers;
    this.stateGauge = performance.gauge({
      name: 'provider_circuit_state',
      help: 'Circuit state of an AI provider: 0 closed, 1 half-open, 2 open',
      labelNames: ['provider'] as const,
    });
    this.transitions = performance.counter({
      name: 'provider_circuit_transitions_total',
      help: 'Circuit state changes of AI providers, by new state',
      labelNames: ['provider', 'state'] as const,
    });
    this.rejections = performance.counter({
      name: 'provider_circuit_rejections_total',
      help: 'Calls refused without reaching the provider because its circuit was open',
      labelNames: ['provider'] as const,
    });
  }

  /** The breaker named `name`; `isFault` decides which errors count against the provider. */
  get(name: string, isFault: (err: Error) => boolean = () => true): ProviderBreaker {
    const existing = this.breakers.get(name);
    if (existing) return existing;
    if (this.breakers.size >= MAX_BREAKERS) {
      // The oldest name goes: registered models are far fewer than the bound in practice.
      const oldest = this.breakers.keys().next().value as string;
      this.breakers.delete(oldest);
      this.stateGauge.remove({ provider: oldest });
    }
    const breaker = new ProviderBreaker(
      name,
      this.settings,
      isFault,
      (b) => {
        this.stateGauge.set({ provider: b.name }, GAUGE_VALUE[b.state]);
        this.transitions.inc({ provider: b.name, state: b.state });
      },
      (b) => this.rejections.inc({ provider: b.name }),
    );
    this.breakers.set(name, breaker);
    this.stateGauge.set({ provider: name }, 0);
    return breaker;
  }

  find(name: string): ProviderBreaker | undefined {
    return this.breakers.get(name);
  }

  snapshot(): Record<string, BreakerSnapshot> {
    return Object.fromEntries([...this.breakers].map(([name, b]) => [name, b.snapshot()]));
  }
}
