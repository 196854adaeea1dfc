import { Injectable } from '@nestjs/common';
import { AppError, Clock, newId, type FieldProblem, type Principal } from '@app/infrastructure';
import { RiskLimitRepository } from '../persistence/risk-limit.repository';
import { RISK_METRICS, type RiskLimit, type RiskLimitInput } from './risk.types';

/** A desk id: 1-64 letters, digits, _ . : - (as in `equities`, `fx.g10`). */
export const DESK_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const SYMBOL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/;

/**
 * Risk limits of the caller's tenant, for the whole tenant or one desk: read by anyone of the
 * tenant, changed by its admin (the API says who). A gate applies the tenant's limits and those
 * of its desk.
 */
@Injectable()
export class RiskLimitService {
  constructor(
    private readonly limits: RiskLimitRepository,
    private readonly clock: Clock,
  ) {}

  /** Every limit of the tenant, or the tenant-wide ones plus `desk`'s. */
  list(caller: Principal, desk?: string): Promise<RiskLimit[]> {
    return this.limits.list(caller.tenant, desk);
  }

  /** The limits a gate of `desk` (null: no desk) applies for `tenant`. */
  applicable(tenant: string, desk: string | null): Promise<RiskLimit[]> {
    return this.limits.list(tenant, desk);
  }

  /** Sets a limit: a new one, or a new max for the tenant's limit with the same desk, metric and symbol. */
  async set(caller: Principal, input: RiskLimitInput): Promise<{ limit: RiskLimit; created: boolean }> {
    checkInput(input);
    const now = this.clock.now();
    return this.limits.upsert({
      id: newId(),
      tenant: caller.tenant,
      desk: input.desk ?? null,
      metric: input.metric,
      symbol: input.symbol ?? null,
      max: input.max,
      createdBy: caller.id,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** 404 for an unknown limit or another tenant's. */
  async remove(caller: Principal, id: string): Promise<RiskLimit> {
    const limit = await this.limits.find(caller.tenant, id);
    if (!limit || !(await this.limits.delete(caller.tenant, id))) throw AppError.notFound('risk limit', id);
    return limit;
  }
}

/** The library's own check of a limit (the API's DTO checks the same), naming each field. */
function checkInput(input: RiskLimitInput): void {
  const problems: FieldProblem[] = [];
  if (!RISK_METRICS.includes(input.metric)) {
    problems.push({ field: 'metric', message: `must be one of ${RISK_METRICS.join(', ')}` });
  }
  if (typeof input.max !== 'number' || !Number.isFinite(input.max) || input.max < 0) {
    problems.push({ field: 'max', message: 'must be a finite number ≥ 0' });
  } else if ((input.metric === 'drawdown' || input.metric === 'concentration') && input.max > 1) {
    problems.push({ field: 'max', message: `a ${input.metric} limit is a fraction from 0 to 1 (0.2 = 20%)` });
  }
  if (input.desk != null && !DESK_PATTERN.test(input.desk)) {
    problems.push({ field: 'desk', message: 'must be 1-64 letters, digits, _ . : -' });
  }
  if (input.symbol != null) {
    if (input.metric !== 'position') problems.push({ field: 'symbol', message: 'applies to position limits only' });
    else if (!SYMBOL_PATTERN.test(input.symbol)) {
      problems.push({ field: 'symbol', message: 'must be a symbol such as SPY or EUR/USD' });
    }
  }
  if (problems.length) throw AppError.validation(problems);
}
