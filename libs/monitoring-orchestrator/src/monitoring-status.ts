import { Injectable } from '@nestjs/common';
import { ComponentStatus, ContributesStatus, StatusContributor } from '@app/infrastructure';
import { AlertNotifier } from './alerts/alert-notifier';
import { AlertEvaluator } from './alerts/alert-evaluator';
import { AlertRules } from './alerts/alert-rules';
import { MetricSampler } from './series/metric-sampler';

/** `monitoring` in /status: degraded while an alert fires or a webhook delivery failed last. */
@ContributesStatus('monitoring')
@Injectable()
export class MonitoringStatus implements StatusContributor {
  constructor(
    private readonly sampler: MetricSampler,
    private readonly rules: AlertRules,
    private readonly evaluator: AlertEvaluator,
    private readonly notifier: AlertNotifier,
  ) {}

  async componentStatus(): Promise<ComponentStatus> {
    const rules = await this.rules.all();
    const firing = rules.filter((r) => this.evaluator.stateOf(r.id).state === 'firing').map((r) => r.name);
    const lastDelivery = this.notifier.deliveries.last();
    return {
      state: firing.length || (lastDelivery && !lastDelivery.ok) ? 'degraded' : 'up',
      details: { series: this.sampler.names().length, rules: rules.length, firing, lastWebhookDelivery: lastDelivery ?? null },
    };
  }
}
