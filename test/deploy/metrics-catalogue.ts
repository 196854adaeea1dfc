import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry, collectDefaultMetrics } from 'prom-client';

/** A Prometheus metric the service registers: its type and label names. */
export interface RegisteredMetric {
  type: 'counter' | 'gauge' | 'histogram' | 'summary';
  labels: string[];
  source: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !/\.(spec|e2e-spec|int-spec)\.ts$/.test(entry.name) ? [path] : [];
  });
}

/**
 * The metrics the code registers, found the way a person would grep for them: every
 * `performance.counter|gauge|histogram|summary({ name: '…', labelNames: [...] })` (BasePerformance)
 * and `new Counter|Gauge|Histogram|Summary({ … })` (prom-client) under apps/ and libs/, plus
 * prom-client's default process metrics (enabled by `monitoring.defaultMetrics`), taken from
 * prom-client itself so they follow the installed version.
 */
export async function registeredMetrics(root: string): Promise<Map<string, RegisteredMetric>> {
  const out = new Map<string, RegisteredMetric>();
  const call =
    /(?:\.(counter|gauge|histogram|summary)|new\s+(Counter|Gauge|Histogram|Summary))\s*(?:<[^>]*>)?\(\s*\{([\s\S]*?)\}\s*\)/g;
  for (const file of [...sourceFiles(join(root, 'apps')), ...sourceFiles(join(root, 'libs'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(call)) {
      const name = /\bname:\s*['"]([a-zA-Z_:][a-zA-Z0-9_:]*)['"]/.exec(m[3])?.[1];
      if (!name) continue;
      const labelList = /\blabelNames:\s*\[([^\]]*)\]/.exec(m[3])?.[1] ?? '';
      const labels = [...labelList.matchAll(/['"]([a-zA-Z_][a-zA-Z0-9_]*)['"]/g)].map((l) => l[1]);
      const type = (m[1] ?? m[2]).toLowerCase() as RegisteredMetric['type'];
      out.set(name, { type, labels, source: file.slice(root.length + 1) });
    }
  }
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const metric of registry.getMetricsAsArray() as unknown as {
    name: string;
    type: string;
    labelNames?: string[];
  }[]) {
    out.set(metric.name, {
      type: metric.type as RegisteredMetric['type'],
      labels: [...(metric.labelNames ?? [])],
      source: 'prom-client default metrics',
    });
  }
  return out;
}
