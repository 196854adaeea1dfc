import { Injectable } from '@nestjs/common';
import { AppError, isSystemAdmin, type Principal } from '@app/infrastructure';
import { quantile7 } from '../quant';
import { ModelRegistry } from '../models/model-registry';
import { ShadowRunRepository } from '../persistence/shadow-run.repository';
import type { ShadowRun, VersionStatus } from '../governance/governance.types';

/** Latency figures of a set of runs, in milliseconds (null without runs). */
export interface LatencySummary {
  p50: number | null;
  p95: number | null;
  mean: number | null;
}

/** One version's figures over the window. */
export interface VersionComparison {
  version: string;
  status: VersionStatus | 'unknown';
  champion: boolean;
  /** Tasks this version served (routed or pinned) that finished in the window. */
  tasks: { count: number; succeeded: number; failed: number; errorRate: number | null; latencyMs: LatencySummary };
  /** Its runs as a shadow: how often it failed and how often it agreed with the champion. */
  shadow: {
    count: number;
    failed: number;
    errorRate: number | null;
    agreed: number;
    agreementRate: number | null;
    latencyMs: LatencySummary;
    championLatencyMs: LatencySummary;
  };
}

export interface ModelComparison {
  modelId: string;
  window: string;
  from: Date;
  to: Date;
  /** The tenant the figures are for; null: every tenant (system admin). */
  tenant: string | null;
  versions: VersionComparison[];
  /** Samples read (each kind capped at `limit`, newest first). */
  sampled: { tasks: number; shadowRuns: number; limit: number };
}

const WINDOW = /^([1-9]\d{0,4})(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_WINDOW_MS = 90 * 86_400_000;
// Enough for stable percentiles; bounds the memory and time of one comparison.
const SAMPLE_LIMIT = 50_000;

/** Parses `15m`, `6h`, `7d` (at most 90 days) into milliseconds; VALIDATION_FAILED otherwise. */
export function parseWindow(window: string): number {
  const m = WINDOW.exec(window);
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : NaN;
  if (!m || ms > MAX_WINDOW_MS)
    throw AppError.validation([
      { field: 'window', message: 'must be N then m, h or d (e.g. 15m, 6h, 7d), at most 90d' },
    ]);
  return ms;
}

/**
 * GET /models/:id/comparison: per version, over a time window, what it served (count, error rate,
 * latency) and how its shadow runs compared with their champions (agreement rate, error rate,
 * latency beside the champion's). A tenant sees its own tasks; a system admin sees every tenant's.
 */
@Injectable()
export class ModelComparisonService {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly repository: ShadowRunRepository,
  ) {}

  /** The shadow runs stored beside one of the tenant's tasks (the caller checks the task is the tenant's). */
  shadowRuns(tenant: string, taskId: string): Promise<ShadowRun[]> {
    return this.repository.forTask(tenant, taskId);
  }

  async compare(caller: Principal, modelId: string, window: string, now = new Date()): Promise<ModelComparison> {
    const entry = this.registry.entry(modelId);
    const from = new Date(now.getTime() - parseWindow(window));
    const tenant = isSystemAdmin(caller) ? null : caller.tenant;
    const scope = { modelId, since: from, tenant, limit: SAMPLE_LIMIT };
    const [champions, shadows] = await Promise.all([
      this.repository.championsInWindow(scope),
      this.repository.inWindow(scope),
    ]);
    const names = new Set([
      ...entry.versions.keys(),
      ...champions.map((c) => c.version),
      ...shadows.map((s) => s.version),
    ]);
    const versions = [...names].map((version): VersionComparison => {
      const known = entry.versions.get(version);
      const served = champions.filter((c) => c.version === version);
      const failed = served.filter((c) => c.status !== 'succeeded' && c.status !== 'cancelled').length;
      const finished = served.filter((c) => c.status !== 'cancelled').length;
      const runs = shadows.filter((s) => s.version === version);
      return {
        version,
        status: known?.info.status ?? 'unknown',
        champion: entry.champion === known && known !== undefined,
        tasks: {
          count: served.length,
          succeeded: served.filter((c) => c.status === 'succeeded').length,
          failed,
          errorRate: finished ? failed / finished : null,
          latencyMs: latency(
            served.flatMap((c) => (c.status === 'succeeded' && c.durationMs !== null ? [c.durationMs] : [])),
          ),
        },
        shadow: shadowFigures(runs),
      };
    });
    return {
      modelId,
      window,
      from,
      to: now,
      tenant,
      versions,
      sampled: { tasks: champions.length, shadowRuns: shadows.length, limit: SAMPLE_LIMIT },
    };
  }
}

function shadowFigures(runs: ShadowRun[]): VersionComparison['shadow'] {
  const failed = runs.filter((r) => r.status === 'failed').length;
  const compared = runs.filter((r) => r.agreed !== null);
  const agreed = compared.filter((r) => r.agreed).length;
  const ok = runs.filter((r) => r.status === 'succeeded');
  return {
    count: runs.length,
    failed,
    errorRate: runs.length ? failed / runs.length : null,
    agreed,
    agreementRate: compared.length ? agreed / compared.length : null,
    latencyMs: latency(ok.map((r) => r.durationMs)),
    championLatencyMs: latency(ok.map((r) => r.championDurationMs)),
  };
}

function latency(values: number[]): LatencySummary {
  if (!values.length) return { p50: null, p95: null, mean: null };
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: round(quantile7(sorted, 0.5)),
    p95: round(quantile7(sorted, 0.95)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}
