import { Injectable } from '@nestjs/common';
import { ComponentStatus, ContributesStatus, StatusContributor } from '@app/infrastructure';
import { AlertNotifier } from './alerts/alert-notifier';
import { AlertEvaluator } from './alerts/alert-evaluator';
import { AlertRules } from './alerts/alert-rules';
import { MetricSampler } from './series/metric-sampler';

/**
 * `monitoring` in /status: degraded while a system alert fires or a system rule's webhook
 * delivery failed last. Only system rules count: /status is read by every tenant, and a tenant's
 * rules, their state and their deliveries are that tenant's (GET /api/v1/monitoring/alerts).
 */
@ContributesStatus('monitoring')
@Injectable()
export class MonitoringOrchestratorStatus implements StatusContributor {
  constructor(
    private readonly sampler: MetricSampler,
    private readonly rules: AlertRules,
    private readonly evaluator: AlertEvaluator,
    private readonly notifier: AlertNotifier,
  ) {}

  async componentStatus(): Promise<ComponentStatus> {
    const rules = (await this.rules.all()).filter((r) => r.tenant === null);
    const firing = rules.filter((r) => this.evaluator.stateOf(r.id).state === 'firing').map((r) => r.name);
    const lastDelivery = this.notifier.lastSystemDelivery();
    return {
      state: firing.length || (lastDelivery && !lastDelivery.ok) ? 'degraded' : 'up',
      details: {
        series: this.sampler.names().length,
        systemRules: rules.length,
        firing,
        lastWebhookDelivery: lastDelivery,
      },
    };
  }
}
