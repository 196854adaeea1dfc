import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ContainerCore, PersistenceModule, WorkCoreModule } from '@app/infrastructure';
import { AlertEvaluator } from './alerts/alert-evaluator';
import { AlertNotifier } from './alerts/alert-notifier';
import { AlertHistory } from './alerts/alert-history';
import { AlertStateStore } from './persistence/alert-state.store';
import { AlertRules } from './alerts/alert-rules';
import { monitoringMigrations } from './persistence/migrations';
import { Silences } from './alerts/silences';
import { DashboardService } from './dashboard/dashboard.service';
import { RecentFailures } from './failures/recent-failures';
import { HealthAggregator } from './health/health-aggregator';
import { MonitoringOrchestratorStatus } from './monitoring-orchestrator.status';
import { AlertEventRepository } from './persistence/alert-event.repository';
import { AlertRuleRepository } from './persistence/alert-rule.repository';
import { SilenceRepository } from './persistence/silence.repository';
import { MetricSampler } from './series/metric-sampler';

const repositories = [AlertRuleRepository, AlertEventRepository, SilenceRepository, AlertStateStore];
const services = [
  AlertRules,
  AlertHistory,
  Silences,
  AlertNotifier,
  AlertEvaluator,
  HealthAggregator,
  RecentFailures,
  DashboardService,
];

/**
 * Health aggregation, metric series, alerts and the dashboard's data. Depends on
 * @app/infrastructure only: components are found through @ContributesStatus and
 * @ProvidesManagedQueue, metrics through the shared prom-client registry.
 */
@Module({
  imports: [
    DiscoveryModule,
    TerminusModule,
    WorkCoreModule,
    PersistenceModule.forFeature({ namespace: 'monitoring', migrations: monitoringMigrations }),
  ],
  providers: [ContainerCore, MetricSampler, ...repositories, ...services, MonitoringOrchestratorStatus],
  exports: [MetricSampler, AlertStateStore, ...services],
})
export class MonitoringOrchestratorModule {}
