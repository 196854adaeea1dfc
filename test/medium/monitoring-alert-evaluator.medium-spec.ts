import { Clock, ManualClock } from '@app/infrastructure';
import { createMediumModule, MEDIUM_START as START, OPERATOR as CALLER, type MediumModule } from '../support/medium';
import {
  AlertEvaluator,
  AlertHistory,
  AlertNotifier,
  AlertRules,
  MetricSampler,
  MonitoringOrchestratorModule,
  Silences,
  type AlertRule,
  type Point,
} from '@app/monitoring-orchestrator';
import { WebhookReceiver } from '../support/alerting';

const EVALUATION_MS = 5_000;

/** The series the rules read, set by the test: each holds one point, its current value at the current time. */
class FakeSampler implements Pick<MetricSampler, 'points' | 'names' | 'settled'> {
  readonly values = new Map<string, number>();
  constructor(private readonly clock: () => number) {}
  points(name: string): Point[] {
    const v = this.values.get(name);
    return v === undefined ? [] : [{ t: this.clock(), v }];
  }
  names(): string[] {
    return [...this.values.keys()];
  }
  async settled(): Promise<void> {}
  schedule(): void {}
}

/**
 * AlertEvaluator through MonitoringOrchestratorModule on a temporary SQLite file, on a manual
 * clock (one evaluation per `step`), with the metric series set by the test and a local webhook.
 */
describe('AlertEvaluator (medium)', () => {
  const webhook = new WebhookReceiver();
  const clock = new ManualClock(START);
  const sampler = new FakeSampler(() => clock.now());
  let medium: MediumModule;
  let evaluator: AlertEvaluator;
  let rules: AlertRules;

  /** Moves the clock one evaluation period and waits for the evaluation and its deliveries. */
  const step = async (periods = 1) => {
    for (let i = 0; i < periods; i++) {
      clock.advance(EVALUATION_MS);
      await evaluator.idle();
      await medium.get(AlertNotifier).idle();
    }
  };
  const at = (ms: number) => new Date(START.getTime() + ms);
  const kinds = async (rule: AlertRule) =>
    (await medium.get(AlertHistory).list(CALLER, { ruleName: rule.name, limit: 50 })).items
      .map((e) => ({ kind: e.kind, silenced: e.silenced }))
      .reverse();
  const notified = (rule: AlertRule) =>
    webhook.received.filter((r) => r.body.rule.id === rule.id).map((r) => r.body.status);

  beforeAll(async () => {
    await webhook.listen();
    medium = await createMediumModule([MonitoringOrchestratorModule], {
      init: false,
      env: {
        ALERT_WEBHOOK_URLS: webhook.url('/alerts'),
        ALERT_WEBHOOK_BACKOFF_MS: '0',
        ALERT_WEBHOOK_MAX_ATTEMPTS: '1',
        ALERT_EVALUATION_INTERVAL_MS: String(EVALUATION_MS),
      },
      overrides: [{ token: MetricSampler, value: sampler }],
    });
    medium.get(Clock).use(clock);
    await medium.module.init();
    evaluator = medium.get(AlertEvaluator);
    rules = medium.get(AlertRules);
  }, 30_000);

  afterAll(async () => {
    await medium?.close();
    await webhook.close();
  });

  it('goes pending on a breach, firing after its for duration, and resolved when it recovers', async () => {
    const rule = await rules.create(CALLER, {
      name: 'deep-queue',
      severity: 'warning',
      expr: { series: 'queues.depth', comparison: '>', threshold: 10, forMs: 30_000, reduce: 'last', windowMs: 0 },
    });
    await step();
    expect(evaluator.stateOf(rule.id).state).toBe('inactive');

    sampler.values.set('queues.depth', 25);
    await step();
    expect(evaluator.stateOf(rule.id)).toEqual(
      expect.objectContaining({ state: 'pending', value: 25, since: at(10_000) }),
    );
    await step(5);
    expect(evaluator.stateOf(rule.id).state).toBe('pending');
    expect(notified(rule)).toEqual([]);

    await step();
    expect(evaluator.stateOf(rule.id)).toEqual(expect.objectContaining({ state: 'firing', since: at(40_000) }));
    expect(notified(rule)).toEqual(['firing']);

    sampler.values.set('queues.depth', 3);
    await step();
    expect(evaluator.stateOf(rule.id)).toEqual(expect.objectContaining({ state: 'inactive', value: 3 }));
    expect(notified(rule)).toEqual(['firing', 'resolved']);
    expect(await kinds(rule)).toEqual([
      { kind: 'pending', silenced: false },
      { kind: 'firing', silenced: false },
      { kind: 'resolved', silenced: false },
    ]);
  });

  it('records a silenced alert but sends no notification for it', async () => {
    const rule = await rules.create(CALLER, {
      name: 'busy-workers',
      severity: 'critical',
      expr: { series: 'queues.running', comparison: '>=', threshold: 4, forMs: 0, reduce: 'last', windowMs: 0 },
    });
    await medium.get(Silences).create(CALLER, {
      ruleName: rule.name,
      endsAt: new Date(clock.now() + 3_600_000),
      comment: 'maintenance window',
    });
    sampler.values.set('queues.running', 6);
    await step();
    expect(evaluator.stateOf(rule.id).state).toBe('firing');
    sampler.values.set('queues.running', 1);
    await step();
    expect(evaluator.stateOf(rule.id).state).toBe('inactive');
    expect(await kinds(rule)).toEqual([
      { kind: 'pending', silenced: true },
      { kind: 'firing', silenced: true },
      { kind: 'resolved', silenced: true },
    ]);
    expect(notified(rule)).toEqual([]);
  });
});
