/** Public face of @app/monitoring-orchestrator. */
export { MonitoringOrchestratorModule } from './monitoring-orchestrator.module';
export { MetricSampler } from './series/metric-sampler';
export type { Point } from './series/metric-sampler';
export { SERIES_CATALOG, isKnownSeriesName } from './series/series-catalog';
export { AlertRules, MAX_RULES_PER_OWNER, MAX_API_RULES } from './alerts/alert-rules';
export type { NewAlertRule } from './alerts/alert-rules';
export { AlertEvaluator } from './alerts/alert-evaluator';
export { AlertHistory } from './alerts/alert-history';
export type { AlertHistoryQuery } from './persistence/alert-event.repository';
export { AlertNotifier } from './alerts/alert-notifier';
export type { AlertNotification, Delivery, NotifiedEvent } from './alerts/alert-notifier';
export { AlertStateStore } from './persistence/alert-state.store';
export { Silences, MAX_SILENCES_PER_OWNER } from './alerts/silences';
export type { NewSilence } from './alerts/silences';
export {
  ALERT_EVENT_KINDS,
  ALERT_RULE_SOURCES,
  ALERT_SCOPES,
  ALERT_STATE_NAMES,
  compare,
  covers,
  mutes,
  ownerFilter,
  reduce,
} from './alerts/alert.types';
export type {
  AlertEvent,
  AlertEventKind,
  AlertExpr,
  AlertOwner,
  AlertRule,
  AlertRuleSource,
  AlertScope,
  AlertState,
  AlertStateName,
  Comparison,
  OwnerFilter,
  Reducer,
  Severity,
  Silence,
  StoredAlertState,
} from './alerts/alert.types';
export { monitoringMigrations } from './persistence/migrations';
export { HealthAggregator } from './health/health-aggregator';
export type { AggregatedHealth } from './health/health-aggregator';
export { DashboardService, DASHBOARD_SERIES } from './dashboard/dashboard.service';
export type { DashboardData } from './dashboard/dashboard.service';
export { dashboardAssets } from './dashboard/dashboard-assets';
export { RecentFailures } from './failures/recent-failures';
