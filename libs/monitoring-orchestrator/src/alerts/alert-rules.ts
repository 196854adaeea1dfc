import { Injectable } from '@nestjs/common';
import { AppError, BaseConfig, Clock, isSystemAdmin, newId, type Principal } from '@app/infrastructure';
import { AlertRuleRepository } from '../persistence/alert-rule.repository';
import { isKnownSeriesName } from '../series/series-catalog';
import { type AlertExpr, type AlertRule, type AlertScope, ownerFilter, ownerOf, type Severity } from './alert.types';

/** Rules one owner (a tenant, or the system scope) may make through the API. */
export const MAX_RULES_PER_OWNER = 100;
/** Rules all owners together may make through the API: the evaluator reads them all on every pass. */
export const MAX_API_RULES = 1000;

export interface NewAlertRule {
  name: string;
  expr: AlertExpr;
  severity: Severity;
  /** `system` (system admin only): a rule every tenant sees and only the system admin changes. */
  scope?: AlertScope;
}

const nameTaken = (name: string) => new AppError('CONFLICT', `an alert rule named '${name}' exists`, { field: 'name' });

/**
 * Rules from config (system rules, fixed ids `config:<name>`) plus rules made through the API,
 * each owned by its creator's tenant or by the system scope. A tenant sees its own rules and the
 * system rules and changes only its own; the system admin sees and changes every rule.
 */
@Injectable()
export class AlertRules {
  constructor(
    private readonly repository: AlertRuleRepository,
    private readonly config: BaseConfig,
    private readonly clock: Clock,
  ) {}

  fromConfig(): AlertRule[] {
    return this.config.values.monitoring.alerts.rules.map((r) => ({
      id: `config:${r.name}`,
      tenant: null,
      createdBy: null,
      name: r.name,
      expr: {
        series: r.series,
        comparison: r.comparison,
        threshold: r.threshold,
        forMs: r.forMs,
        reduce: r.reduce,
        windowMs: r.windowMs,
      },
      severity: r.severity,
      source: 'config' as const,
      createdAt: new Date(0),
    }));
  }

  /** Every rule of every owner: what the evaluator evaluates. */
  async all(): Promise<AlertRule[]> {
    return [...this.fromConfig(), ...(await this.repository.list({ all: true }, MAX_API_RULES))];
  }

  /** The rules `caller` sees: its tenant's and the system rules (the system admin: every rule). */
  async visibleTo(caller: Principal): Promise<AlertRule[]> {
    return [...this.fromConfig(), ...(await this.repository.list(ownerFilter(caller, true), MAX_API_RULES))];
  }

  async create(caller: Principal, input: NewAlertRule): Promise<AlertRule> {
    const owner = ownerOf(caller, input.scope, 'alert rules');
    const { series } = input.expr;
    if (!isKnownSeriesName(series)) {
      const message = `unknown series '${series}' (GET /api/v1/monitoring/metrics/series lists them)`;
      throw AppError.validation([{ field: 'expr.series', message }]);
    }
    // Names must differ from every rule the owner's readers see: the system rules and the owner's
    // own (a system rule is seen by every tenant). Another tenant's rule of the same name is no
    // clash, and saying so would tell the caller it exists.
    const rules = await this.all();
    if (rules.some((r) => r.name === input.name && (owner === null || r.tenant === null || r.tenant === owner))) {
      throw nameTaken(input.name);
    }
    if ((await this.repository.count(owner)) >= MAX_RULES_PER_OWNER) {
      const per = owner === null ? 'for the system scope' : 'per tenant';
      throw new AppError('CONFLICT', `at most ${MAX_RULES_PER_OWNER} alert rules ${per} can be made through the API`);
    }
    if ((await this.repository.count()) >= MAX_API_RULES) {
      throw new AppError('CONFLICT', `the service holds its limit of ${MAX_API_RULES} rules made through the API`);
    }
    const rule: AlertRule = {
      id: newId(),
      tenant: owner,
      createdBy: caller.id,
      name: input.name,
      expr: input.expr,
      severity: input.severity,
      source: 'api',
      createdAt: this.clock.now(),
    };
    // The unique index on (owner, name) settles two creations racing past the check above.
    if (!(await this.repository.insert(rule))) throw nameTaken(input.name);
    return rule;
  }

  /**
   * Deletes an API rule of the caller's tenant (the system admin: any API rule). Another tenant's
   * rule is not found; a system rule is the system admin's (403 for anyone else), and config rules
   * are changed in the config file (409).
   */
  async remove(caller: Principal, id: string): Promise<void> {
    const fromConfig = this.fromConfig().find((r) => r.id === id);
    const rule = fromConfig ?? (await this.repository.find(ownerFilter(caller, true), id));
    if (!rule) throw AppError.notFound('alert rule', id);
    if (rule.tenant === null && !isSystemAdmin(caller)) {
      throw new AppError('FORBIDDEN', 'system alert rules are changed by the system admin only', { id });
    }
    if (rule.source === 'config') {
      throw new AppError('CONFLICT', 'rules from the config file are changed in the config file', { id });
    }
    if (!(await this.repository.delete(rule.tenant, id))) throw AppError.notFound('alert rule', id);
  }
}
