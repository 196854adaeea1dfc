import type { RegisteredMetric } from './metrics-catalogue';

/** Metric names and label names a PromQL expression refers to. */
export interface PromqlRefs {
  metrics: string[];
  /** Labels in `{…}` matchers, per metric (null: a matcher with no metric name before it). */
  matchers: { metric: string | null; labels: string[] }[];
  /** Labels in by / without / on / ignoring / group_left / group_right clauses. */
  grouping: string[];
}

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
  'atan2',
]);
/** Labels Prometheus attaches when scraping (job, instance) or that Kubernetes relabelling usually adds. */
export const SCRAPE_LABELS = new Set(['job', 'instance', 'namespace', 'pod', 'container', 'service', 'node']);

/**
 * A small PromQL reader, enough for dashboard expressions: strips strings and range selectors,
 * reads label matchers and grouping clauses, and takes every remaining identifier that is not
 * a function call or keyword as a metric name.
 */
export function promqlRefs(expr: string): PromqlRefs {
  let text = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""').replace(/\[[^\]]*\]/g, ' ');
  const grouping: string[] = [];
  text = text.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_m, _kw, list: string) => {
    grouping.push(
      ...list
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    return ' ';
  });
  const matchers: PromqlRefs['matchers'] = [];
  const metrics: string[] = [];
  text = text.replace(/([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*\{([^}]*)\}/g, (_m, metric: string | undefined, body: string) => {
    const labels = [...body.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1]);
    const name = metric && !KEYWORDS.has(metric) ? metric : null;
    if (name === '__name__') throw new Error('__name__ matchers are not supported');
    matchers.push({ metric: name, labels });
    if (name) metrics.push(name);
    return ' ';
  });
  for (const m of text.matchAll(/(?<![\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(?!\s*\(|[\w:])/g)) {
    if (!KEYWORDS.has(m[1].toLowerCase())) metrics.push(m[1]);
  }
  return { metrics: [...new Set(metrics)], matchers, grouping: [...new Set(grouping)] };
}

/** The registered metric a series name belongs to (histogram `_bucket/_sum/_count` included). */
export function seriesOwner(
  series: string,
  registered: Map<string, RegisteredMetric>,
): { name: string; metric: RegisteredMetric; bucket: boolean } | undefined {
  const direct = registered.get(series);
  if (direct) return { name: series, metric: direct, bucket: false };
  const m = /^(.*)_(bucket|sum|count)$/.exec(series);
  const base = m ? registered.get(m[1]) : undefined;
  if (m && base && (base.type === 'histogram' || (base.type === 'summary' && m[2] !== 'bucket')))
    return { name: m[1], metric: base, bucket: m[2] === 'bucket' };
  return undefined;
}

/** Problems of one expression against the registered metrics: unknown series and labels. */
export function promqlProblems(expr: string, registered: Map<string, RegisteredMetric>): string[] {
  const refs = promqlRefs(expr);
  const problems: string[] = [];
  const known = new Set(SCRAPE_LABELS);
  for (const series of refs.metrics) {
    const owner = seriesOwner(series, registered);
    if (!owner) {
      problems.push(`unknown metric ${series}`);
      continue;
    }
    owner.metric.labels.forEach((l) => known.add(l));
    if (owner.bucket) known.add('le');
  }
  for (const { metric, labels } of refs.matchers) {
    const owner = metric ? seriesOwner(metric, registered) : undefined;
    if (!owner) continue;
    const allowed = new Set([...SCRAPE_LABELS, ...owner.metric.labels, ...(owner.bucket ? ['le'] : [])]);
    for (const l of labels) if (!allowed.has(l)) problems.push(`${metric} has no label ${l}`);
  }
  for (const l of refs.grouping) if (!known.has(l)) problems.push(`no metric in the expression has label ${l}`);
  if (!refs.metrics.length) problems.push('no metric referenced');
  return problems;
}
