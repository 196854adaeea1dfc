import { Injectable } from '@nestjs/common';
import { Clock, type FieldProblem } from '@app/infrastructure';
import { MarketCalendars } from '@app/market-calendars';
import { ASSET_CLASS_CALENDARS } from '../models/asset-class-hours';
import { isAssetClass } from '../quant';
import { checkCandleInputs } from './candle-checks';
import { DataPolicyService } from './data-policy.service';
import type { DataQualityReport } from './data-quality.types';

/**
 * Checks a task's candle inputs before analysis under the tenant's data policy, on the calendar of
 * the input's asset class (equities' when it names none, as the engines assume): under `reject`
 * the problems come back as `rejected` (the caller's 400 names each), under `warn` the task
 * carries them as warnings, under `ignore` nothing is checked. Unless rejected, the engine gets
 * each series without repeated times (the last candle of each kept), and the report says so.
 */
@Injectable()
export class DataQualityService {
  constructor(
    private readonly policies: DataPolicyService,
    private readonly calendars: MarketCalendars,
    private readonly clock: Clock,
  ) {}

  async check(tenant: string, input: unknown): Promise<DataCheckOutcome> {
    if (!hasCandles(input)) return { input, report: null, rejected: [] };
    const policy = await this.policies.effective(tenant);
    const assetClass = (input as { assetClass?: unknown }).assetClass;
    const venue = ASSET_CLASS_CALENDARS[isAssetClass(assetClass) ? assetClass : 'equities'];
    const outcome = checkCandleInputs(input, {
      policy: policy.policy,
      calendar: venue ? this.calendars.calendar(venue) : null,
      nowMs: this.clock.nowMs(),
      staleness: policy.staleness,
      zeroVolumeRun: policy.zeroVolumeRun,
    });
    const toField = (p: { field: string; message: string }) => ({ field: p.field, message: p.message });
    const rejected = policy.policy === 'reject' ? outcome.problems.map(toField) : [];
    return { input: outcome.input, report: outcome.report, rejected };
  }
}

/** The input the engine gets, the report the task keeps, and under `reject` the problems for the 400. */
export interface DataCheckOutcome {
  input: unknown;
  report: DataQualityReport | null;
  rejected: FieldProblem[];
}

/** Whether an input holds a candle series anywhere the checks look, without a database read otherwise. */
function hasCandles(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  const o = input as { candles?: unknown; benchmark?: { candles?: unknown }; assets?: unknown };
  return (
    Array.isArray(o.candles) ||
    Array.isArray(o.benchmark?.candles) ||
    (Array.isArray(o.assets) && o.assets.some((a) => Array.isArray((a as { candles?: unknown } | null)?.candles)))
  );
}
