import type { DataPolicy } from '@app/infrastructure';
import type { CandleInterval } from './candle-series';

/** A tenant's override of the configured data policy; null or absent fields keep the default. */
export interface DataPolicyOverride {
  tenant: string;
  policy: DataPolicy | null;
  staleness: Partial<Record<CandleInterval, string>>;
  zeroVolumeRun: number | null;
  updatedBy: string | null;
  updatedAt: Date;
}

/** The policy a tenant's tasks are checked under: its override on top of the configured defaults. */
export interface EffectiveDataPolicy {
  tenant: string;
  policy: DataPolicy;
  staleness: Record<CandleInterval, string>;
  zeroVolumeRun: number;
  /** `tenant` when the tenant has an override, else `config`. */
  source: 'config' | 'tenant';
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** A change to a tenant's data policy; it replaces the whole override. */
export interface DataPolicyInput {
  policy?: DataPolicy;
  staleness?: Partial<Record<CandleInterval, string>>;
  zeroVolumeRun?: number;
}
