import { Injectable } from '@nestjs/common';
import { AppError, BaseConfig, Clock, newId } from '@app/infrastructure';
import { isKnownSeriesName } from '../series/series-catalog';
import { AlertRepository } from './alert.repository';
import type { AlertExpr, AlertRule, Severity } from './alert.types';

const MAX_API_RULES = 500;

/** Rules from config (fixed ids `config:<name>`) plus rules made through the API (database). */
@Injectable()
export class AlertRules {
  constructor(private readonly repository: AlertRepository, private readonly config: BaseConfig, private readonly clock: Clock) {}

  fromConfig(): AlertRule[] {
    return this.config.values.monitoring.alerts.rules.map((r) => ({
      id: `config:${r.name}`,
      name: r.name,
      expr: { series: r.series, comparison: r.comparison, threshold: r.threshold, forMs: r.forMs, reduce: r.reduce, windowMs: r.windowMs },
      severity: r.severity,
      source: 'config' as const,
      createdAt: new Date(0),
    }));
  }

  async all(): Promise<AlertRule[]> {
    return [...this.fromConfig(), ...(await this.repository.listRules())];
  }

  async create(input: { name: string; expr: AlertExpr; severity: Severity }): Promise<AlertRule> {
    if (!isKnownSeriesName(input.expr.series)) {
      throw AppError.validation([{ field: 'expr.series', message: `unknown series '${input.expr.series}' (GET /api/v1/monitoring/metrics/series lists them)` }]);
    }
    const taken = (await this.all()).some((r) => r.name === input.name);
    if (taken) throw new AppError('CONFLICT', `an alert rule named '${input.name}' exists`, { field: 'name' });
    if ((await this.repository.countRules()) >= MAX_API_RULES) throw new AppError('CONFLICT', `at most ${MAX_API_RULES} alert rules can be made through the API`);
    const rule: AlertRule = { id: newId(), name: input.name, expr: input.expr, severity: input.severity, source: 'api', createdAt: this.clock.now() };
    await this.repository.insertRule(rule);
    return rule;
  }

  async remove(id: string): Promise<void> {
    if (id.startsWith('config:')) throw new AppError('CONFLICT', 'rules from the config file are changed in the config file', { id });
    if (!(await this.repository.deleteRule(id))) throw AppError.notFound('alert rule', id);
  }
}
