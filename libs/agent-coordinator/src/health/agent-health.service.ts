import { Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { AgentsSettings, BaseLogger, Clock, EventCore, RingBuffer } from '@app/infrastructure';
import { AgentCoordinatorMetrics } from '../agent-coordinator.metrics';
import { AgentRepository } from '../persistence/agent.repository';
import type { AgentRecord } from '../agents/agent.types';
import { AgentBreaker, BreakerState, BreakerView } from './agent-breaker';
import { applyOutcome, healthScore, heartbeatFreshness } from './health-score';
import { percentile } from './percentile';

declare module '@app/infrastructure' {
  interface AppEvents {
    'agents.breaker': { agentId: string; state: BreakerState; at: string };
  }
}

export interface HealthView {
  score: number;
  /** In routing: score at or above the threshold, breaker closed, heartbeat not stale. */
  routable: boolean;
  threshold: number;
  successRate: number;
  latencyEwmaMs: number | null;
  consecutiveFailures: number;
  heartbeatFreshness: number;
  heartbeatStale: boolean;
  breaker: BreakerView;
}

export interface AgentMetricsView {
  handled: number;
  failures: number;
  latencyMs: { p50: number | null; p95: number | null; samples: number };
  scoreHistory: { at: string; score: number }[];
  breakerTransitions: { at: string; state: BreakerState }[];
}

interface Entry {
  successEwma: number;
  latencyEwmaMs: number | null;
  consecutiveFailures: number;
  handled: number;
  failed: number;
  lastOutcomeAt: number | null;
  breaker: AgentBreaker;
  latencies: RingBuffer<number>;
  scores: RingBuffer<{ at: string; score: number }>;
  transitions: RingBuffer<{ at: string; state: BreakerState }>;
  syntheticProbeAt: number | null;
}

/**
 * Health scores and circuit breakers, one entry per agent that has been looked at. The map holds
 * at most the live agents (entries are dropped on deregistration, and a deregistered agent's view
 * is built without keeping it), and every collection in an entry is a ring buffer, so memory is
 * bounded by AGENTS_MAX × (history + samples).
 *
 * The in-memory entry is the fast path; after every outcome the averages and the breaker are
 * written to the agent's row, and an entry is built from the row, so a restart keeps an open
 * circuit open (restored eagerly at start for every live agent whose circuit was open).
 */
@Injectable()
export class AgentHealthService implements OnApplicationBootstrap {
  private readonly entries = new Map<string, Entry>();
  private readonly outcomes: Counter<'kind' | 'outcome'>;
  private readonly breakerChanges: Counter<'state'>;
  private readonly logger: BaseLogger;

  constructor(
    private readonly settings: AgentsSettings,
    logger: BaseLogger,
    metrics: AgentCoordinatorMetrics,
    private readonly repository: AgentRepository,
    private readonly clock: Clock,
    @Optional() private readonly events?: EventCore,
  ) {
    this.logger = logger.child({ component: 'agents.health' });
    this.outcomes = metrics.outcomes;
    this.breakerChanges = metrics.breakerChanges;
  }

  /** Rebuilds the breakers that were open when the service stopped, so they are known (and logged) at once. */
  async onApplicationBootstrap(): Promise<void> {
    const open = await this.repository.listOpenBreakers();
    for (const agent of open) this.entry(agent);
    if (open.length) {
      const agents = open.slice(0, 20).map((a) => ({
        agentId: a.id,
        name: a.name,
        openedAt: a.breaker.openedAt === null ? null : new Date(a.breaker.openedAt).toISOString(),
      }));
      this.logger.log({ count: open.length, agents }, 'Restored open agent circuit breakers');
    }
  }

  view(agent: AgentRecord): HealthView {
    const entry = this.entry(agent);
    const freshness = this.freshness(agent);
    const stale = agent.kind === 'external' && freshness === 0;
    const score = healthScore(
      {
        successEwma: entry.successEwma,
        latencyEwmaMs: entry.latencyEwmaMs,
        consecutiveFailures: entry.consecutiveFailures,
        heartbeatFreshness: freshness,
      },
      this.settings.health,
    );
    return {
      score,
      routable: !stale && entry.breaker.isClosed && score >= this.settings.health.threshold,
      threshold: this.settings.health.threshold,
      successRate: Math.round(entry.successEwma * 1000) / 1000,
      latencyEwmaMs: entry.latencyEwmaMs === null ? null : Math.round(entry.latencyEwmaMs * 10) / 10,
      consecutiveFailures: entry.consecutiveFailures,
      heartbeatFreshness: Math.round(freshness * 1000) / 1000,
      heartbeatStale: stale,
      breaker: entry.breaker.view(),
    };
  }

  /**
   * Whether a delivery may go to this agent now. An open breaker lets one probe through once
   * halfOpenAfter has passed; a closed breaker on an agent that fell below the threshold for
   * other reasons (latency) behaves the same way, so an agent out of routing can always earn
   * its way back.
   */
  admits(agent: AgentRecord): { ok: boolean; probe: boolean } {
    const entry = this.entry(agent);
    const decision = entry.breaker.admits();
    if (decision.probe) entry.breaker.startProbe();
    return decision;
  }

  cancelProbe(agent: AgentRecord): void {
    this.entry(agent).breaker.cancelProbe();
  }

  /**
   * A built-in agent out of routing with an empty mailbox gets a synthetic probe (the catalog
   * example of its task type) once per halfOpenAfter, so it can recover without client traffic.
   */
  wantsSyntheticProbe(agent: AgentRecord): boolean {
    const entry = this.entry(agent);
    const now = Date.now();
    if (entry.syntheticProbeAt !== null && now - entry.syntheticProbeAt < this.settings.breaker.halfOpenAfterMs)
      return false;
    const view = this.view(agent);
    if (view.routable) return false;
    const open = !entry.breaker.isClosed;
    const due = open
      ? entry.breaker.admits(now).probe
      : entry.lastOutcomeAt === null || now - entry.lastOutcomeAt >= this.settings.breaker.halfOpenAfterMs;
    if (due) entry.syntheticProbeAt = now;
    return due;
  }

  async record(agent: AgentRecord, outcome: { ok: boolean; latencyMs: number }): Promise<void> {
    await this.recordMany(agent, [outcome]);
  }

  /**
   * Several outcomes of one agent, applied in order as `record` would, then written to the
   * agent's row in one statement; `seenAt` also stores them as the agent's heartbeat (an
   * external agent's ack is a sign of life).
   */
  async recordMany(
    agent: AgentRecord,
    outcomes: ReadonlyArray<{ ok: boolean; latencyMs: number }>,
    seenAt?: Date,
  ): Promise<void> {
    if (!outcomes.length) return;
    const entry = this.entry(agent);
    let failed = 0;
    for (const outcome of outcomes) {
      const next = applyOutcome(entry, outcome, this.settings.health.ewmaAlpha);
      entry.successEwma = next.successEwma;
      entry.latencyEwmaMs = next.latencyEwmaMs;
      entry.consecutiveFailures = next.consecutiveFailures;
      entry.handled++;
      if (!outcome.ok) {
        entry.failed++;
        failed++;
      }
      entry.lastOutcomeAt = Date.now();
      entry.latencies.push(outcome.latencyMs);
      await entry.breaker.record(outcome.ok);
      entry.scores.push({ at: this.clock.now().toISOString(), score: this.view(agent).score });
      this.outcomes.inc({ kind: agent.kind, outcome: outcome.ok ? 'success' : 'failure' });
    }
    // The breaker's state is read right after its own update, so the row gets the state these outcomes produced.
    await this.repository.recordOutcome(agent.id, {
      successEwma: entry.successEwma,
      latencyEwmaMs: entry.latencyEwmaMs,
      consecutiveFailures: entry.consecutiveFailures,
      ok: outcomes[outcomes.length - 1].ok,
      outcomes: { handled: outcomes.length, failed },
      at: this.clock.now(),
      breaker: entry.breaker.snapshot(),
      ...(seenAt ? { heartbeatAt: seenAt } : {}),
    });
  }

  metrics(agent: AgentRecord): AgentMetricsView {
    const entry = this.entry(agent);
    const samples = entry.latencies.toArray();
    return {
      handled: entry.handled,
      failures: entry.failed,
      latencyMs: { p50: percentile(samples, 50), p95: percentile(samples, 95), samples: samples.length },
      scoreHistory: entry.scores.toArray(),
      breakerTransitions: entry.transitions.toArray(),
    };
  }

  forget(agentId: string): void {
    this.entries.delete(agentId);
  }

  private freshness(agent: AgentRecord): number {
    if (agent.kind === 'builtin') return 1;
    const age = agent.lastHeartbeatAt ? this.clock.nowMs() - agent.lastHeartbeatAt.getTime() : null;
    return heartbeatFreshness(age, this.settings.heartbeatTimeoutMs);
  }

  private entry(agent: AgentRecord): Entry {
    let entry = this.entries.get(agent.id);
    if (!entry) {
      const created: Entry = {
        successEwma: agent.successEwma,
        latencyEwmaMs: agent.latencyEwmaMs,
        consecutiveFailures: agent.consecutiveFailures,
        handled: agent.handled,
        failed: agent.failed,
        lastOutcomeAt: agent.lastOutcomeAt?.getTime() ?? null,
        breaker: new AgentBreaker(
          this.settings.breaker.consecutiveFailures,
          this.settings.breaker.halfOpenAfterMs,
          (state) => {
            const at = this.clock.now().toISOString();
            created.transitions.push({ at, state });
            this.breakerChanges.inc({ state });
            this.logger.log({ agentId: agent.id, name: agent.name, state }, 'Agent circuit breaker changed state');
            this.events?.emit('agents.breaker', { agentId: agent.id, state, at });
          },
          agent.breaker,
        ),
        latencies: new RingBuffer(this.settings.health.latencySamples),
        scores: new RingBuffer(this.settings.health.historySize),
        transitions: new RingBuffer(20),
        syntheticProbeAt: null,
      };
      entry = created;
      // A deregistered agent takes part in nothing more: its view is built, not kept.
      if (!agent.deregisteredAt) this.entries.set(agent.id, entry);
    }
    return entry;
  }
}
