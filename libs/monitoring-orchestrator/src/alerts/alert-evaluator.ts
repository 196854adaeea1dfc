import { hostname } from 'node:os';
import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BaseConfig, BaseLogger, Clock, TimerHandle } from '@app/infrastructure';
import { AlertEventRepository } from '../persistence/alert-event.repository';
import { AlertStateStore } from '../persistence/alert-state.store';
import { MetricSampler } from '../series/metric-sampler';
import { isSilenced, measure } from './alert-condition';
import { AlertDispatch, DeliveryRecorded } from './alert-dispatch';
import { AlertNotifier } from './alert-notifier';
import { AlertRules } from './alert-rules';
import { Entry, INACTIVE, eventOf, fromStoredState, toStoredState, transition } from './alert-transition';
import { AlertRule, AlertState, Silence, StoredAlertState } from './alert.types';
import { Silences } from './silences';
import { StaleReplicaSweep } from './stale-replica-sweep';

/**
 * Evaluates every rule each evaluationIntervalMs: measures it (alert-condition.ts), moves its
 * state (inactive → pending → firing → inactive, alert-transition.ts), records the events and has
 * them notified unless silenced (alert-dispatch.ts). No data counts as "condition false".
 *
 * State is durable (monitoring_alert_states, one row per replica and rule while pending or
 * firing): restored at start before the first evaluation, written on transitions (and refreshed
 * every staleStateMs / 4 while active), each write a compare-and-set on the row's version. So
 * after a restart a firing alert stays firing with its start time and is not notified again, a
 * pending alert keeps its `for` timer, and one that cleared meanwhile is resolved and notified.
 * The metric series are sampled per process, so state is kept per replica (see README).
 */
@Injectable()
export class AlertEvaluator implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  /** One entry per existing rule (rules are bounded: config + 500 API rules); pruned each pass. */
  private readonly states = new Map<string, Entry>();
  private timer: TimerHandle | null = null;
  private evaluating: Promise<void> | null = null;
  private restoring: Promise<void> | null = null;
  private restored = false;
  /** Until when restored states without data are kept (set on the first pass after a restore). */
  private holdUntil: number | null = null;
  private lastSweepAt = Number.NEGATIVE_INFINITY;
  private readonly logger: BaseLogger;
  private readonly dispatch: AlertDispatch;
  private readonly sweeper: StaleReplicaSweep;
  /** Whose state this process keeps (ALERT_REPLICA_ID; `embedded` on SQLite, host:port on PostgreSQL). */
  readonly replica: string;

  constructor(
    private readonly rules: AlertRules,
    private readonly sampler: MetricSampler,
    private readonly events: AlertEventRepository,
    private readonly silences: Silences,
    private readonly store: AlertStateStore,
    notifier: AlertNotifier,
    private readonly clock: Clock,
    private readonly config: BaseConfig,
    logger: BaseLogger,
  ) {
    this.logger = logger.child({ component: 'alerts' });
    const configured = config.values.monitoring.alerts.replicaId;
    this.replica =
      configured || (store.dialect === 'sqlite' ? 'embedded' : `${hostname()}:${config.values.service.port}`);
    this.dispatch = new AlertDispatch(notifier, store, this.replica, this.logger, (ruleId, version, kind) =>
      this.delivered(ruleId, version, kind),
    );
    this.sweeper = new StaleReplicaSweep(store, events, this.dispatch, config, this.logger);
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.restore();
    } catch (error) {
      // The first pass tries again: no evaluation runs on a state that was not restored.
      this.logger.error({ err: error }, 'alert state could not be restored; retrying at the next evaluation');
    }
    this.schedule();
  }

  /** Lets an evaluation in progress finish its writes before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.timer?.cancel();
    this.timer = null;
    await this.evaluating;
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
    return s
      ? { state: s.state, since: s.since, value: s.value, evaluatedAt: s.evaluatedAt }
      : { state: 'inactive', since: null, value: null, evaluatedAt: null };
  }

  /** The rule was deleted: its state goes, here and in the table (every replica's row). */
  async forget(ruleId: string): Promise<void> {
    this.states.delete(ruleId);
    await this.store.removeRule(ruleId);
  }

  /** One evaluation of every rule; concurrent calls share the same pass. */
  evaluate(): Promise<void> {
    this.evaluating ??= this.pass()
      .catch((error: unknown) => this.logger.error({ err: error }, 'alert evaluation failed'))
      .finally(() => (this.evaluating = null));
    return this.evaluating;
  }

  /** Resolves when an evaluation in progress (if any) and the deliveries it started are recorded. */
  async idle(): Promise<void> {
    await this.evaluating;
    await this.dispatch.settled();
  }

  /** A live replica refreshes its rows at its evaluations, so no less than 4 evaluation intervals. */
  private get staleMs(): number {
    const { staleStateMs, evaluationIntervalMs } = this.config.values.monitoring.alerts;
    return Math.max(staleStateMs, 4 * evaluationIntervalMs);
  }

  private get heartbeatMs(): number {
    return this.staleMs / 4;
  }

  /**
   * Loads this replica's rows into the map. Rows of rules that no longer exist are deleted
   * (no notification, as when a rule is deleted through the API); resolved notifications that
   * were owed are sent again. Firing alerts whose notification never got through are sent by the
   * first evaluation that finds them still firing (if they cleared, only `resolved` goes out).
   */
  private restore(): Promise<void> {
    this.restoring ??= (async () => {
      this.states.clear();
      const rules = new Map((await this.rules.all()).map((r) => [r.id, r]));
      for (const row of await this.store.listForReplica(this.replica)) {
        const rule = rules.get(row.ruleId);
        if (!rule) {
          await this.store.removeIf(row.replica, row.ruleId, row.version);
          this.logger.log({ rule: row.ruleName, state: row.state }, 'alert state of a deleted rule dropped');
          continue;
        }
        const entry = fromStoredState(row);
        entry.restored = row.state !== 'resolved';
        entry.owedFiring = row.state === 'firing' && !row.notified;
        this.states.set(row.ruleId, entry);
        if (row.state === 'resolved') {
          this.dispatch.deliver(
            rule,
            { kind: 'resolved', value: row.value, silenced: false, at: row.since, replica: this.replica },
            row.firingSince ?? row.since,
            row.version,
          );
        }
      }
      this.holdUntil = null;
      this.restored = true;
      this.logger.log({ replica: this.replica, restored: this.states.size }, 'alert state restored');
    })().finally(() => (this.restoring = null));
    return this.restoring;
  }

  private async pass(): Promise<void> {
    if (!this.restored) await this.restore();
    await this.sampler.settled();
    const now = this.clock.now();
    const { sampleIntervalMs } = this.config.values.monitoring;
    // Rate series need two samples after a start: until then a restored alert keeps its state.
    this.holdUntil ??= now.getTime() + 2 * sampleIntervalMs + this.config.values.monitoring.alerts.evaluationIntervalMs;
    const silences = await this.silences.current(now);
    const rules = await this.rules.all();
    await this.prune(new Set(rules.map((r) => r.id)));
    for (const rule of rules) {
      try {
        await this.evaluateRule(rule, now, silences);
      } catch (error) {
        this.logger.error({ err: error, rule: rule.name }, 'alert rule evaluation failed');
      }
    }
    if (now.getTime() - this.lastSweepAt >= this.heartbeatMs) {
      this.lastSweepAt = now.getTime();
      await this.sweeper.sweep(this.replica, new Date(now.getTime() - this.staleMs), rules, now, silences);
    }
  }

  /** Drops the state of rules that no longer exist (deleted on another replica, or from config). */
  private async prune(ruleIds: Set<string>): Promise<void> {
    for (const [id, entry] of this.states) {
      if (ruleIds.has(id)) continue;
      this.states.delete(id);
      if (entry.version > 0) await this.store.removeIf(this.replica, id, entry.version);
    }
  }

  private async evaluateRule(rule: AlertRule, now: Date, silences: Silence[], retry = true): Promise<void> {
    const { value, holds } = measure(rule, this.sampler);
    const prev = this.states.get(rule.id) ?? INACTIVE;
    if (prev.restored && value === null && now.getTime() < (this.holdUntil ?? 0)) {
      // Just restarted, no sample yet: "no data" would resolve (or cancel) what may still hold.
      this.states.set(rule.id, { ...prev, evaluatedAt: now });
      return;
    }
    const silenced = isSilenced(silences, rule, now);
    const { next, kinds } = transition(prev, holds, value, now, rule.expr.forMs);

    if (!kinds.length) {
      if (!(await this.keepAlive(rule, prev, next))) return;
      if (prev.owedFiring && next.state === 'firing') {
        this.dispatch.deliver(
          rule,
          { kind: 'firing', value, silenced, at: next.firingSince ?? now, replica: this.replica },
          next.firingSince ?? now,
          next.version,
        );
      }
      return;
    }

    // Persist first: only the evaluator whose compare-and-set wins records and notifies.
    const webhook = !silenced && this.dispatch.hasWebhooks();
    const resolved = kinds.includes('resolved');
    let row: Omit<StoredAlertState, 'version'> | null = null;
    if (next.state !== 'inactive') {
      // A pending row owes nothing; a firing one is notified once its webhooks accepted it.
      row = toStoredState(this.replica, rule, next, next.state === 'pending' || !webhook);
    } else if (resolved && webhook) {
      row = toStoredState(this.replica, rule, next, false);
    }
    if (row || prev.version > 0) {
      const won = row
        ? await this.store.compareAndSet(row, prev.version)
        : await this.store.removeIf(this.replica, rule.id, prev.version);
      if (!won) {
        // Someone else moved the row (or a delivery just removed it): evaluate again from it.
        await this.resync(rule.id);
        if (retry) await this.evaluateRule(rule, now, silences, false);
        return;
      }
    }
    next.version = row ? prev.version + 1 : 0;
    next.notified = row ? row.notified : true;
    next.storedAt = row ? now : null;
    if (next.state === 'inactive' && !row) next.firingSince = null;
    this.states.set(rule.id, next);

    const historyLimit = this.config.values.monitoring.alerts.historyLimit;
    for (const kind of kinds) {
      const event = await this.events.record(eventOf(rule, kind, value, silenced, now, this.replica), historyLimit);
      if (kind === 'firing')
        this.dispatch.deliver(rule, { ...event, replica: this.replica }, now, webhook ? next.version : null);
      if (kind === 'resolved')
        this.dispatch.deliver(
          rule,
          { ...event, replica: this.replica },
          prev.firingSince ?? now,
          webhook ? next.version : null,
        );
    }
  }

  /**
   * No transition: refresh the row now and then so other replicas know this one is alive. False
   * when the row had changed underneath (it is reloaded instead).
   */
  private async keepAlive(rule: AlertRule, prev: Entry, next: Entry): Promise<boolean> {
    const now = next.evaluatedAt as Date;
    if (prev.version > 0 && (!prev.storedAt || now.getTime() - prev.storedAt.getTime() >= this.heartbeatMs)) {
      if (!(await this.store.touch(this.replica, rule.id, prev.version, next.value, now))) {
        await this.resync(rule.id);
        return false;
      }
      next.storedAt = now;
    }
    this.states.set(rule.id, next);
    return true;
  }

  /** A notification of the row at `version` was delivered and recorded: the entry follows, if still at it. */
  private delivered(...[ruleId, version, kind]: Parameters<DeliveryRecorded>): void {
    const entry = this.states.get(ruleId);
    if (entry?.version !== version) return;
    if (kind === 'firing') entry.notified = true;
    else Object.assign(entry, { version: 0, notified: true, storedAt: null, firingSince: null });
  }

  /** A compare-and-set lost: someone else moved this row; take the stored state as it is. */
  private async resync(ruleId: string): Promise<void> {
    const row = await this.store.get(this.replica, ruleId);
    this.states.set(ruleId, row ? fromStoredState(row) : { ...INACTIVE });
    this.logger.debug({ rule: ruleId, replica: this.replica }, 'alert state changed elsewhere; reloaded');
  }
}
