import { hostname } from 'node:os';
import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BaseConfig, BaseLogger, Clock, TimerHandle } from '@app/infrastructure';
import { MetricSampler } from '../series/metric-sampler';
import { AlertNotifier } from './alert-notifier';
import { AlertEventRepository } from '../persistence/alert-event.repository';
import { AlertStateStore } from './alert-state.store';
import { AlertEvent, AlertRule, AlertState, Silence, StoredAlertState, compare, mutes, reduce } from './alert.types';
import { AlertRules } from './alert-rules';
import { Silences } from './silences';

/** The in-memory state of one rule: the fast path; the state table is the durable copy. */
interface Entry extends AlertState {
  /** When the alert started firing; kept while a resolved notification is owed. */
  firingSince: Date | null;
  /** Version of this replica's row in monitoring_alert_states; 0 = no row. */
  version: number;
  /** Firing: the firing notification reached every webhook. Inactive with a row: resolved is owed. */
  notified: boolean;
  /** `evaluated_at` as last written (the heartbeat that keeps other replicas from sweeping the row). */
  storedAt: Date | null;
  /** Restored at start and not yet evaluated on data: no data keeps the state for a while. */
  restored: boolean;
  /** Restored firing alert whose notification never got through: sent once if it still fires. */
  owedFiring: boolean;
}

const INACTIVE: Entry = {
  state: 'inactive',
  since: null,
  value: null,
  evaluatedAt: null,
  firingSince: null,
  version: 0,
  notified: true,
  storedAt: null,
  restored: false,
  owedFiring: false,
};

/**
 * Evaluates every rule each evaluationIntervalMs:
 *   inactive → pending   when the condition first holds;
 *   pending  → firing    once it has held for `forMs` (immediately when forMs is 0);
 *   pending  → inactive  if it stops holding first (recorded as cancelled, nobody notified);
 *   firing   → inactive  when it stops holding (recorded and notified as resolved).
 * No data (no points in the window) counts as "condition false".
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
  /** Deliveries whose outcome is still to be recorded in the state table. */
  private readonly acknowledgements = new Set<Promise<void>>();
  private timer: TimerHandle | null = null;
  private evaluating: Promise<void> | null = null;
  private restoring: Promise<void> | null = null;
  private restored = false;
  /** Until when restored states without data are kept (set on the first pass after a restore). */
  private holdUntil: number | null = null;
  private lastSweepAt = Number.NEGATIVE_INFINITY;
  private readonly logger: BaseLogger;
  /** Whose state this process keeps (ALERT_REPLICA_ID; `embedded` on SQLite, host:port on PostgreSQL). */
  readonly replica: string;

  constructor(
    private readonly rules: AlertRules,
    private readonly sampler: MetricSampler,
    private readonly events: AlertEventRepository,
    private readonly silences: Silences,
    private readonly store: AlertStateStore,
    private readonly notifier: AlertNotifier,
    private readonly clock: Clock,
    private readonly config: BaseConfig,
    logger: BaseLogger,
  ) {
    this.logger = logger.child({ component: 'alerts' });
    const configured = config.values.monitoring.alerts.replicaId;
    this.replica =
      configured || (store.dialect === 'sqlite' ? 'embedded' : `${hostname()}:${config.values.service.port}`);
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
    while (this.acknowledgements.size) await Promise.allSettled([...this.acknowledgements]);
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
        const entry = this.fromRow(row);
        entry.restored = row.state !== 'resolved';
        entry.owedFiring = row.state === 'firing' && !row.notified;
        this.states.set(row.ruleId, entry);
        if (row.state === 'resolved') {
          this.deliver(
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
      await this.sweep(rules, now, silences);
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
    const { expr } = rule;
    const points =
      expr.reduce === 'last' && expr.windowMs === 0
        ? this.sampler.points(expr.series).slice(-1)
        : this.sampler.points(expr.series, expr.windowMs);
    const value = reduce(
      points.map((p) => p.v),
      expr.reduce,
    );
    const holds = value !== null && compare(value, expr.comparison, expr.threshold);
    const prev = this.states.get(rule.id) ?? INACTIVE;
    if (prev.restored && value === null && now.getTime() < (this.holdUntil ?? 0)) {
      // Just restarted, no sample yet: "no data" would resolve (or cancel) what may still hold.
      this.states.set(rule.id, { ...prev, evaluatedAt: now });
      return;
    }
    const silenced = silences.some((s) => mutes(s, rule, now));
    const next: Entry = { ...prev, value, evaluatedAt: now, restored: false, owedFiring: false };
    const kinds: AlertEvent['kind'][] = [];

    if (holds && prev.state === 'inactive') {
      Object.assign(next, { state: 'pending', since: now, firingSince: null });
      kinds.push('pending');
    }
    if (holds && next.state === 'pending' && now.getTime() - (next.since as Date).getTime() >= expr.forMs) {
      Object.assign(next, { state: 'firing', since: now, firingSince: now });
      kinds.push('firing');
    }
    if (!holds && prev.state === 'pending') {
      Object.assign(next, { state: 'inactive', since: now, firingSince: null });
      kinds.push('cancelled');
    }
    if (!holds && prev.state === 'firing') {
      Object.assign(next, { state: 'inactive', since: now });
      kinds.push('resolved');
    }

    if (!kinds.length) {
      if (!(await this.keepAlive(rule, prev, next))) return;
      if (prev.owedFiring && next.state === 'firing') {
        this.deliver(
          rule,
          { kind: 'firing', value, silenced, at: next.firingSince ?? now, replica: this.replica },
          next.firingSince ?? now,
          next.version,
        );
      }
      return;
    }

    // Persist first: only the evaluator whose compare-and-set wins records and notifies.
    const webhook = !silenced && this.notifier.hasWebhooks();
    const resolved = kinds.includes('resolved');
    let row: Omit<StoredAlertState, 'version'> | null = null;
    if (next.state !== 'inactive') {
      // A pending row owes nothing; a firing one is notified once its webhooks accepted it.
      row = this.toRow(rule, next, next.state === 'pending' || !webhook);
    } else if (resolved && webhook) {
      row = this.toRow(rule, next, false);
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
      const event = await this.events.record(
        {
          tenant: rule.tenant,
          ruleId: rule.id,
          ruleName: rule.name,
          severity: rule.severity,
          kind,
          value,
          threshold: expr.threshold,
          silenced,
          at: now,
          replica: this.replica,
        },
        historyLimit,
      );
      if (kind === 'firing')
        this.deliver(rule, { ...event, replica: this.replica }, now, webhook ? next.version : null);
      if (kind === 'resolved')
        this.deliver(rule, { ...event, replica: this.replica }, prev.firingSince ?? now, webhook ? next.version : null);
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

  /**
   * Sends a firing or resolved notification; once it reached every webhook, records that in the
   * row of `version` (firing: notified; resolved: the row goes). `version` null: nothing to record.
   */
  private deliver(
    rule: AlertRule,
    event: Parameters<AlertNotifier['notify']>[1],
    firingSince: Date,
    version: number | null,
  ): void {
    const sent = this.notifier.notify(rule, event, firingSince);
    if (version === null) return;
    const ack: Promise<void> = sent
      .then(async (delivered) => {
        // Not delivered: the row keeps saying so, and a restart sends it again.
        if (!delivered) return;
        const recorded =
          event.kind === 'firing'
            ? await this.store.markNotified(this.replica, rule.id, version)
            : await this.store.removeIf(this.replica, rule.id, version);
        const entry = this.states.get(rule.id);
        if (!recorded || entry?.version !== version) return;
        if (event.kind === 'firing') entry.notified = true;
        else Object.assign(entry, { version: 0, notified: true, storedAt: null, firingSince: null });
      })
      .catch((error: unknown) =>
        this.logger.warn({ err: error, rule: rule.name }, 'could not record an alert notification as delivered'),
      )
      .finally(() => this.acknowledgements.delete(ack));
    this.acknowledgements.add(ack);
  }

  /** A compare-and-set lost: someone else moved this row; take the stored state as it is. */
  private async resync(ruleId: string): Promise<void> {
    const row = await this.store.get(this.replica, ruleId);
    this.states.set(ruleId, row ? this.fromRow(row) : { ...INACTIVE });
    this.logger.debug({ rule: ruleId, replica: this.replica }, 'alert state changed elsewhere; reloaded');
  }

  /**
   * Rows of other replicas that have not been refreshed for staleStateMs belong to replicas that
   * stopped (scaled down, replaced under a new name): their firing alerts are resolved and notified
   * (one sweeping replica wins each row's compare-and-set), pending ones dropped.
   */
  private async sweep(rules: AlertRule[], now: Date, silences: Silence[]): Promise<void> {
    const stale = await this.store.staleOfOtherReplicas(this.replica, new Date(now.getTime() - this.staleMs));
    const byId = new Map(rules.map((r) => [r.id, r]));
    for (const row of stale) {
      if (!(await this.store.removeIf(row.replica, row.ruleId, row.version))) continue;
      const rule = byId.get(row.ruleId);
      this.logger.log(
        { rule: row.ruleName, replica: row.replica, state: row.state },
        'alert state of a stopped replica swept',
      );
      if (!rule || row.state === 'pending') continue;
      const silenced = silences.some((s) => mutes(s, rule, now));
      let at = row.since;
      if (row.state === 'firing') {
        at = now;
        await this.events.record(
          {
            tenant: rule.tenant,
            ruleId: rule.id,
            ruleName: rule.name,
            severity: rule.severity,
            kind: 'resolved',
            value: row.value,
            threshold: rule.expr.threshold,
            silenced,
            at,
            replica: row.replica,
          },
          this.config.values.monitoring.alerts.historyLimit,
        );
      }
      this.deliver(
        rule,
        { kind: 'resolved', value: row.value, silenced, at, replica: row.replica },
        row.firingSince ?? row.since,
        null,
      );
    }
  }

  private toRow(rule: AlertRule, entry: Entry, notified: boolean): Omit<StoredAlertState, 'version'> {
    return {
      replica: this.replica,
      ruleId: rule.id,
      ruleName: rule.name,
      state: entry.state === 'inactive' ? 'resolved' : entry.state,
      since: entry.since as Date,
      firingSince: entry.firingSince,
      value: entry.value,
      evaluatedAt: entry.evaluatedAt as Date,
      notified,
    };
  }

  private fromRow(row: StoredAlertState): Entry {
    return {
      state: row.state === 'resolved' ? 'inactive' : row.state,
      since: row.since,
      value: row.value,
      evaluatedAt: row.evaluatedAt,
      firingSince: row.firingSince,
      version: row.version,
      notified: row.notified,
      storedAt: row.evaluatedAt,
      restored: false,
      owedFiring: false,
    };
  }
}
