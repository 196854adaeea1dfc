/** Public face of @app/monitoring-orchestrator. */
export { MonitoringOrchestratorModule } from './monitoring-orchestrator.module';
export { MetricSampler } from './series/metric-sampler';
export type { Point } from './series/metric-sampler';
export { SERIES_CATALOG, isKnownSeriesName } from './series/series-catalog';
export { AlertRules } from './alerts/alert-rules';
export { AlertEvaluator } from './alerts/alert-evaluator';
export { AlertNotifier } from './alerts/alert-notifier';
export type { AlertNotification, Delivery, NotifiedEvent } from './alerts/alert-notifier';
export { AlertRepository } from './alerts/alert.repository';
export { AlertStateStore } from './alerts/alert-state.store';
export { Silences } from './alerts/silences';
export * from './alerts/alert.types';
export { HealthAggregator } from './health/health-aggregator';
export type { AggregatedHealth } from './health/health-aggregator';
export { DashboardService, DASHBOARD_SERIES } from './dashboard/dashboard.service';
export type { DashboardData } from './dashboard/dashboard.service';
export { dashboardAssets } from './dashboard/dashboard-assets';
export { RecentFailures } from './failures/recent-failures';
