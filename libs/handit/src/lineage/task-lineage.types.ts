import type { DataQualityReport } from '../data-quality/data-quality.types';
import type { LineageDigests } from './lineage';

/** One candle series a result was computed from: where it is, how long, its first and last time. */
export interface LineageSeries {
  path: string;
  count: number;
  first: string | null;
  last: string | null;
}

/** What a lineage digest covers, kept so it can be recomputed and explained. */
export interface TaskLineageRecord {
  type: string;
  dataFields: string[];
  series: LineageSeries[];
  engineParameters: LineageDigests['engineParameters'];
}

/** A task's lineage: the digest of exactly the data, model and parameters its result came from. */
export interface TaskLineage {
  taskId: string;
  tenant: string;
  algorithm: 'sha256';
  digest: string;
  dataDigest: string;
  parametersDigest: string;
  model: { id: string; version: string };
  record: TaskLineageRecord;
  dataQuality: DataQualityReport | null;
  createdAt: Date;
}
