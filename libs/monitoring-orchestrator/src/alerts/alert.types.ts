import {
  AppError,
  isSystemAdmin,
  type ALERT_COMPARISONS,
  type ALERT_REDUCERS,
  type ALERT_SEVERITIES,
  type Principal,
} from '@app/infrastructure';

export type Comparison = (typeof ALERT_COMPARISONS)[number];
export type Severity = (typeof ALERT_SEVERITIES)[number];
export type Reducer = (typeof ALERT_REDUCERS)[number];

/** `expr`: the series, reduced over `windowMs` (`last` = newest point), compared with `threshold`. */
export interface AlertExpr {
  series: string;
  comparison: Comparison;
  threshold: number;
  /** How long the condition must hold before pending turns into firing. */
  forMs: number;
  reduce: Reducer;
  windowMs: number;
}

/**
 * Who a rule, silence or history event belongs to: the tenant of its creator, or null for the
 * system scope (rules from the config file, rules the system admin made with `scope: system`,
 * and everything stored before 0003_alert_tenants).
 */
export type AlertOwner = string | null;

/** `tenant`: a tenant's own rules and silences; `system`: the shared service's (system admin only). */
export const ALERT_SCOPES = ['tenant', 'system'] as const;
export type AlertScope = (typeof ALERT_SCOPES)[number];

export interface AlertRule {
  id: string;
  /** Owner: its tenant, or null for a system rule (readable by every tenant, changed by the system admin). */
  tenant: AlertOwner;
  /** Principal that made it through the API; null for config rules and rules from before 0003. */
  createdBy: string | null;
  name: string;
  expr: AlertExpr;
  severity: Severity;
  /** `config` rules come from ai-orchestration.yml and cannot be deleted through the API. */
  source: AlertRuleSource;
  createdAt: Date;
}

/** Where a rule comes from: the config file (cannot be deleted through the API) or the API. */
export const ALERT_RULE_SOURCES = ['config', 'api'] as const;
export type AlertRuleSource = (typeof ALERT_RULE_SOURCES)[number];

export const ALERT_STATE_NAMES = ['inactive', 'pending', 'firing'] as const;
export type AlertStateName = (typeof ALERT_STATE_NAMES)[number];

/** What the history records: a state change of a rule (`cancelled`: pending that cleared before firing). */
export const ALERT_EVENT_KINDS = ['pending', 'firing', 'resolved', 'cancelled'] as const;
export type AlertEventKind = (typeof ALERT_EVENT_KINDS)[number];

export interface AlertState {
  state: AlertStateName;
  /** When the current state began. */
  since: Date | null;
  /** Last evaluated value; null without data. */
  value: number | null;
  evaluatedAt: Date | null;
}

/** One state change in the alert history. */
export interface AlertEvent {
  id: string;
  /** The rule's owner: history is seen by the rule's tenant (system rules' by every tenant). */
  tenant: AlertOwner;
  ruleId: string;
  ruleName: string;
  severity: Severity;
  /** pending, firing, resolved (firing → inactive) or cancelled (pending → inactive). */
  kind: AlertEventKind;
  value: number | null;
  threshold: number;
  silenced: boolean;
  at: Date;
  /** The replica whose evaluation saw the change (alert state is per replica); null before 0002. */
  replica: string | null;
}

/** What `monitoring_alert_states` holds for one replica and rule (inactive alerts have no row). */
export interface StoredAlertState {
  replica: string;
  ruleId: string;
  ruleName: string;
  /** `resolved`: the alert went firing → inactive and the resolved notification is still owed. */
  state: 'pending' | 'firing' | 'resolved';
  /** When the current state began (resolved: when it resolved). */
  since: Date;
  /** When it started firing (firing, resolved). */
  firingSince: Date | null;
  value: number | null;
  evaluatedAt: Date;
  /** Firing: the firing notification reached every webhook. Resolved: always false. */
  notified: boolean;
  /** Bumped by every transition; writes are compare-and-set on it. */
  version: number;
}

export interface Silence {
  id: string;
  /** Owner: a silence mutes rules of its own owner only (a tenant's, or the system rules). */
  tenant: AlertOwner;
  /** Null matches every rule (of the owner). */
  ruleName: string | null;
  /** Null matches every severity. */
  severity: Severity | null;
  startsAt: Date;
  endsAt: Date;
  comment: string;
  createdBy: string | null;
  createdAt: Date;
}

/** What ownership checks read of a principal. */
type Caller = Pick<Principal, 'role' | 'tenant'>;

/**
 * Whose rows a read covers: every owner (the system admin), or one tenant, with the system
 * scope's rows when `system` is set.
 */
export type OwnerFilter =
  { readonly all: true } | { readonly all: false; readonly tenant: string; readonly system: boolean };

/** What `caller` may read: everything for the system admin, else its tenant (and system rows if `withSystem`). */
export function ownerFilter(caller: Caller, withSystem: boolean): OwnerFilter {
  return isSystemAdmin(caller) ? { all: true } : { all: false, tenant: caller.tenant, system: withSystem };
}

/** The owner of what `caller` makes in `scope`: its tenant, or the system scope (system admin only). */
export function ownerOf(caller: Caller, scope: AlertScope | undefined, what: string): AlertOwner {
  if (scope !== 'system') return caller.tenant;
  if (!isSystemAdmin(caller)) {
    throw new AppError('FORBIDDEN', `only the system admin makes system-scope ${what}`, { field: 'scope' });
  }
  return null;
}

/** True when a row owned by `owner` is inside `filter`. */
export function covers(filter: OwnerFilter, owner: AlertOwner): boolean {
  if (filter.all) return true;
  return owner === null ? filter.system : owner === filter.tenant;
}

/** True when `silence` mutes `rule` at `now`: same owner, started, and matching name and severity. */
export function mutes(silence: Silence, rule: Pick<AlertRule, 'tenant' | 'name' | 'severity'>, now: Date): boolean {
  return (
    silence.tenant === rule.tenant &&
    silence.startsAt <= now &&
    (silence.ruleName === null || silence.ruleName === rule.name) &&
    (silence.severity === null || silence.severity === rule.severity)
  );
}

export function compare(value: number, comparison: Comparison, threshold: number): boolean {
  switch (comparison) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

export function reduce(values: number[], reducer: Reducer): number | null {
  if (!values.length) return null;
  switch (reducer) {
    case 'last':
      return values[values.length - 1];
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
  }
}
