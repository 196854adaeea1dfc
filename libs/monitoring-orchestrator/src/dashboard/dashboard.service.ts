import { Injectable } from '@nestjs/common';
import {
  Clock,
  ContainerCore,
  MANAGED_QUEUE,
  ManagedQueue,
  ManagedQueueStats,
  isSystemAdmin,
  tenantScope,
  type Principal,
  WHOLE_QUEUE,
  WorkFailedEvent,
} from '@app/infrastructure';
import { AlertEvaluator } from '../alerts/alert-evaluator';
import { AlertHistory } from '../alerts/alert-history';
import type { AlertEvent } from '../alerts/alert.types';
import { AlertRules } from '../alerts/alert-rules';
import { RecentFailures } from '../failures/recent-failures';
import { AggregatedHealth, HealthAggregator } from '../health/health-aggregator';
import { MetricSampler, Point } from '../series/metric-sampler';

/** The series the dashboard charts. */
export const DASHBOARD_SERIES = [
  'http.request_rate',
  'http.error_rate',
  'http.latency_p50_ms',
  'http.latency_p95_ms',
  'http.latency_p99_ms',
  'queues.depth',
  'queues.running',
  'tasks.completed_per_minute',
  'tasks.failed_per_minute',
  'cache.hit_ratio',
  'process.cpu_percent',
  'process.rss_mb',
] as const;

export interface DashboardData {
  generatedAt: string;
  windowMs: number;
  health: AggregatedHealth;
  series: Record<string, Point[]>;
  queues: ManagedQueueStats[];
  recentFailures: WorkFailedEvent[];
  alerts: {
    firing: Array<{
      ruleId: string;
      tenant: string | null;
      name: string;
      severity: string;
      since: string | null;
      value: number | null;
      series: string;
      threshold: number;
    }>;
    recent: AlertEvent[];
  };
}

/**
 * Everything the dashboard page shows, in one JSON document (GET /api/v1/monitoring/dashboard),
 * as the caller may see it: firing alerts and history of its tenant's rules and the system rules,
 * its tenant's queue figures and failures, each component's state (details for the system admin)
 * and the service's metric series.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly health: HealthAggregator,
    private readonly sampler: MetricSampler,
    private readonly rules: AlertRules,
    private readonly evaluator: AlertEvaluator,
    private readonly history: AlertHistory,
    private readonly failures: RecentFailures,
    private readonly container: ContainerCore,
    private readonly clock: Clock,
  ) {}

  async data(caller: Principal, windowMs = 15 * 60_000): Promise<DashboardData> {
    const scope = isSystemAdmin(caller) ? WHOLE_QUEUE : tenantScope(caller.tenant);
    const discovered = this.container.discover<string, ManagedQueue>(MANAGED_QUEUE);
    const queues = await Promise.all(discovered.map(({ instance }) => instance.stats(scope).catch(() => null)));
    const firing = (await this.rules.visibleTo(caller))
      .map((rule) => ({ rule, state: this.evaluator.stateOf(rule.id) }))
      .filter(({ state }) => state.state === 'firing')
      .map(({ rule, state }) => ({
        ruleId: rule.id,
        tenant: rule.tenant,
        name: rule.name,
        severity: rule.severity,
        since: state.since?.toISOString() ?? null,
        value: state.value,
        series: rule.expr.series,
        threshold: rule.expr.threshold,
      }));
    return {
      generatedAt: this.clock.now().toISOString(),
      windowMs,
      health: await this.health.collectFor(caller),
      // Service telemetry, shared by design: aggregates that name no tenant's resources.
      series: Object.fromEntries(DASHBOARD_SERIES.map((name) => [name, this.sampler.points(name, windowMs)])),
      queues: queues.filter((q): q is ManagedQueueStats => q !== null).sort((a, b) => a.name.localeCompare(b.name)),
      recentFailures: this.failures.visibleTo(caller).slice(0, 20),
      alerts: { firing, recent: (await this.history.list(caller, { limit: 10 })).items },
    };
  }
}
