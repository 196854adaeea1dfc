import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BaseConfig, BaseLogger, Clock, TimerHandle } from '@app/infrastructure';
import { MetricSampler } from '../series/metric-sampler';
import { AlertNotifier } from './alert-notifier';
import { AlertRepository } from './alert.repository';
import { AlertEvent, AlertRule, AlertState, Silence, compare, reduce } from './alert.types';
import { AlertRules } from './alert-rules';

/**
 * Evaluates every rule each evaluationIntervalMs:
 *   inactive → pending   when the condition first holds;
 *   pending  → firing    once it has held for `forMs` (immediately when forMs is 0);
 *   pending  → inactive  if it stops holding first (recorded as cancelled, nobody notified);
 *   firing   → inactive  when it stops holding (recorded and notified as resolved).
 * No data (no points in the window) counts as "condition false".
 */
@Injectable()
export class AlertEvaluator implements OnApplicationBootstrap, OnApplicationShutdown {
  /** One entry per rule; rules are bounded (config + 500 API rules). */
  private readonly states = new Map<string, AlertState & { firingSince: Date | null }>();
  private timer: TimerHandle | null = null;
  private evaluating: Promise<void> | null = null;
  private readonly logger: BaseLogger;

  constructor(
    private readonly rules: AlertRules,
    private readonly sampler: MetricSampler,
    private readonly repository: AlertRepository,
    private readonly notifier: AlertNotifier,
    private readonly clock: Clock,
    private readonly config: BaseConfig,
    logger: BaseLogger,
  ) {
    this.logger = logger.child({ component: 'alerts' });
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  onApplicationShutdown(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  schedule(): void {
    this.timer?.cancel();
    this.timer = this.clock.setTimer(() => {
      void this.evaluate().finally(() => this.schedule());
    }, this.config.values.monitoring.alerts.evaluationIntervalMs);
  }

  stateOf(ruleId: string): AlertState {
    const s = this.states.get(ruleId);
    return s ? { state: s.state, since: s.since, value: s.value, evaluatedAt: s.evaluatedAt } : { state: 'inactive', since: null, value: null, evaluatedAt: null };
  }

  forget(ruleId: string): void {
    this.states.delete(ruleId);
  }

  /** One evaluation of every rule; concurrent calls share the same pass. */
  evaluate(): Promise<void> {
    this.evaluating ??= this.pass()
      .catch((error: unknown) => this.logger.error({ err: error }, 'alert evaluation failed'))
      .finally(() => (this.evaluating = null));
    return this.evaluating;
  }

  /** Resolves when an evaluation in progress (if any) has finished. */
  async idle(): Promise<void> {
    await this.evaluating;
  }

  private async pass(): Promise<void> {
    await this.sampler.settled();
    const now = this.clock.now();
    const silences = await this.repository.currentSilences(now);
    for (const rule of await this.rules.all()) await this.evaluateRule(rule, now, silences);
  }

  private async evaluateRule(rule: AlertRule, now: Date, silences: Silence[]): Promise<void> {
    const { expr } = rule;
    const points = expr.reduce === 'last' && expr.windowMs === 0 ? this.sampler.points(expr.series).slice(-1) : this.sampler.points(expr.series, expr.windowMs);
    const value = reduce(points.map((p) => p.v), expr.reduce);
    const holds = value !== null && compare(value, expr.comparison, expr.threshold);
    const prev = this.states.get(rule.id) ?? { state: 'inactive' as const, since: null, value: null, evaluatedAt: null, firingSince: null };
    const next = { ...prev, value, evaluatedAt: now };
    const silenced = silences.some((s) => s.startsAt <= now && (s.ruleName === null || s.ruleName === rule.name) && (s.severity === null || s.severity === rule.severity));
    const transition = async (kind: AlertEvent['kind']) =>
      this.repository.recordEvent(
        { ruleId: rule.id, ruleName: rule.name, severity: rule.severity, kind, value, threshold: expr.threshold, silenced, at: now },
        this.config.values.monitoring.alerts.historyLimit,
      );

    if (holds && prev.state === 'inactive') {
      Object.assign(next, { state: 'pending', since: now });
      await transition('pending');
    }
    if (holds && next.state === 'pending' && now.getTime() - (next.since as Date).getTime() >= expr.forMs) {
      Object.assign(next, { state: 'firing', since: now, firingSince: now });
      this.notifier.notify(rule, await transition('firing'), now);
    }
    if (!holds && prev.state === 'pending') {
      Object.assign(next, { state: 'inactive', since: now });
      await transition('cancelled');
    }
    if (!holds && prev.state === 'firing') {
      Object.assign(next, { state: 'inactive', since: now, firingSince: null });
      this.notifier.notify(rule, await transition('resolved'), prev.firingSince ?? now);
    }
    this.states.set(rule.id, next);
  }
}
