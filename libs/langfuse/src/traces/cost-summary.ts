import type { SpanSample } from './trace-store.types';

/** One group of the cost summary: a model, a tenant, a workflow or a UTC day. */
export interface CostGroup {
  /** The model, tenant, workflow or day (YYYY-MM-DD); null: no tenant, or not part of a workflow. */
  key: string | null;
  generations: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  units: number;
}

/** What model calls cost, from their generations' cost details (the price table in the configuration). */
export interface CostSummary {
  currency: 'USD';
  totalUsd: number;
  generations: number;
  /** Generations whose model has no price (not counted in the totals). */
  unpriced: number;
  byModel: CostGroup[];
  byTenant: CostGroup[];
  byWorkflow: CostGroup[];
  byDay: CostGroup[];
}

// Sums of many small costs are rounded once, to 1e-9 USD, so they compare with the price table.
const usd = (n: number) => Math.round(n * 1e9) / 1e9;

function add(groups: Map<string | null, CostGroup>, key: string | null, s: SpanSample): void {
  let g = groups.get(key);
  if (!g) {
    g = { key, generations: 0, costUsd: 0, inputTokens: 0, outputTokens: 0, units: 0 };
    groups.set(key, g);
  }
  g.generations++;
  g.costUsd += s.costUsd ?? 0;
  g.inputTokens += s.inputTokens ?? 0;
  g.outputTokens += s.outputTokens ?? 0;
  g.units += s.units ?? 0;
}

function rows(groups: Map<string | null, CostGroup>): CostGroup[] {
  return [...groups.values()]
    .map((g) => ({ ...g, costUsd: usd(g.costUsd) }))
    .sort((a, b) => b.costUsd - a.costUsd || String(a.key).localeCompare(String(b.key)));
}

/**
 * Cost of the generations among `samples`, by model, tenant, workflow and UTC day. A generation
 * belongs to the workflow of its trace part (the run and node spans name it), so a workflow's
 * model calls, queued as tasks, count for the workflow that made them.
 */
export function summariseCost(samples: readonly SpanSample[]): CostSummary {
  const workflowOf = new Map<string, string>();
  for (const s of samples) if (s.workflow) workflowOf.set(`${s.traceId}/${s.tenant}`, s.workflow);
  const byModel = new Map<string | null, CostGroup>();
  const byTenant = new Map<string | null, CostGroup>();
  const byWorkflow = new Map<string | null, CostGroup>();
  const byDay = new Map<string | null, CostGroup>();
  let total = 0;
  let generations = 0;
  let unpriced = 0;
  for (const s of samples) {
    if (s.observationType !== 'generation') continue;
    generations++;
    if (s.costUsd === null) {
      unpriced++;
      continue;
    }
    total += s.costUsd;
    add(byModel, s.model, s);
    add(byTenant, s.tenant, s);
    add(byWorkflow, workflowOf.get(`${s.traceId}/${s.tenant}`) ?? null, s);
    add(byDay, s.startTime.toISOString().slice(0, 10), s);
  }
  return {
    currency: 'USD',
    totalUsd: usd(total),
    generations,
    unpriced,
    byModel: rows(byModel),
    byTenant: rows(byTenant),
    byWorkflow: rows(byWorkflow),
    byDay: rows(byDay).sort((a, b) => String(a.key).localeCompare(String(b.key))),
  };
}
