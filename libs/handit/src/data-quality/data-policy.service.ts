import { Injectable } from '@nestjs/common';
import {
  AppError,
  Clock,
  DATA_POLICIES,
  STALENESS_PATTERN,
  HanditSettings,
  type DataQualitySettings,
  type Principal,
} from '@app/infrastructure';
import { DataPolicyRepository } from '../persistence/data-policy.repository';
import { CANDLE_INTERVALS, type CandleInterval } from './candle-series';
import type { DataPolicyInput, DataPolicyOverride, EffectiveDataPolicy } from './data-policy.types';

/** Each tenant's data policy: the configured defaults, overridden per tenant through the admin API. */
@Injectable()
export class DataPolicyService {
  private readonly defaults: DataQualitySettings;

  constructor(
    settings: HanditSettings,
    private readonly overrides: DataPolicyRepository,
    private readonly clock: Clock,
  ) {
    this.defaults = settings.dataQuality;
  }

  async effective(tenant: string): Promise<EffectiveDataPolicy> {
    return this.merge(tenant, await this.overrides.find(tenant));
  }

  /** Replaces the caller's tenant's override (fields left out take the configured default). */
  async set(caller: Principal, input: DataPolicyInput): Promise<EffectiveDataPolicy> {
    checkInput(input);
    const override: DataPolicyOverride = {
      tenant: caller.tenant,
      policy: input.policy ?? null,
      staleness: Object.fromEntries(Object.entries(input.staleness ?? {}).filter(([, v]) => v !== undefined)),
      zeroVolumeRun: input.zeroVolumeRun ?? null,
      updatedBy: caller.id,
      updatedAt: this.clock.now(),
    };
    await this.overrides.save(override);
    return this.merge(caller.tenant, override);
  }

  /** Back to the configured defaults. */
  async reset(caller: Principal): Promise<EffectiveDataPolicy> {
    await this.overrides.delete(caller.tenant);
    return this.merge(caller.tenant, undefined);
  }

  private merge(tenant: string, override: DataPolicyOverride | undefined): EffectiveDataPolicy {
    const staleness = Object.fromEntries(
      CANDLE_INTERVALS.map((i) => [i, override?.staleness[i] ?? this.defaults.staleness[i]]),
    ) as Record<CandleInterval, string>;
    return {
      tenant,
      policy: override?.policy ?? this.defaults.defaultPolicy,
      staleness,
      zeroVolumeRun: override?.zeroVolumeRun ?? this.defaults.zeroVolumeRun,
      source: override ? 'tenant' : 'config',
      updatedBy: override?.updatedBy ?? null,
      updatedAt: override?.updatedAt ?? null,
    };
  }
}

/** The library's own check of a policy change (the API's DTO checks the same), naming each field. */
function checkInput(input: DataPolicyInput): void {
  const problems: { field: string; message: string }[] = [];
  if (input.policy !== undefined && !DATA_POLICIES.includes(input.policy)) {
    problems.push({ field: 'policy', message: `must be one of ${DATA_POLICIES.join(', ')}` });
  }
  for (const [interval, value] of Object.entries(input.staleness ?? {})) {
    if (!(CANDLE_INTERVALS as readonly string[]).includes(interval)) {
      problems.push({ field: `staleness.${interval}`, message: `is not an interval (${CANDLE_INTERVALS.join(', ')})` });
    } else if (value !== undefined && (typeof value !== 'string' || !STALENESS_PATTERN.test(value))) {
      const message = 'must be N then m, h (market time) or d (trading days)';
      problems.push({ field: `staleness.${interval}`, message });
    }
  }
  const run = input.zeroVolumeRun;
  if (run !== undefined && !(Number.isInteger(run) && run >= 0 && run <= 100_000)) {
    problems.push({ field: 'zeroVolumeRun', message: 'must be an integer from 0 to 100000' });
  }
  if (problems.length) throw AppError.validation(problems);
}
