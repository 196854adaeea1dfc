import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegisteredMetric, registeredMetrics } from './metrics-catalogue';
import { promqlProblems, promqlRefs } from './promql';

/**
 * deploy/grafana/ai-orchestration.json: an importable Grafana dashboard whose every PromQL
 * expression uses only metrics (and labels) the code registers, collected from the source at
 * test time, so renaming a metric without updating the dashboard fails here.
 */

const ROOT = join(__dirname, '..', '..');
const dashboard: any = JSON.parse(readFileSync(join(ROOT, 'deploy', 'grafana', 'ai-orchestration.json'), 'utf8'));
const panels: any[] = dashboard.panels.flatMap((p: any) => [p, ...(p.panels ?? [])]);
const graphPanels = panels.filter((p) => p.type !== 'row');
const targets: { panel: string; expr: string; datasource: any }[] = graphPanels.flatMap((p) =>
  (p.targets ?? []).map((t: any) => ({ panel: p.title, expr: t.expr, datasource: t.datasource })),
);

let registered: Map<string, RegisteredMetric>;
beforeAll(async () => {
  registered = await registeredMetrics(ROOT);
});

describe('deploy/grafana dashboard', () => {
  it('is an importable dashboard: schemaVersion ≥ 36, a ${DS_PROMETHEUS} input used by every panel and query, unique panel ids, a 24-column grid', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
    expect(dashboard.__inputs).toContainEqual(
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }),
    );
    const ds = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };
    for (const p of graphPanels)
      expect({ panel: p.title, datasource: p.datasource }).toEqual({ panel: p.title, datasource: ds });
    for (const t of targets)
      expect({ panel: t.panel, datasource: t.datasource }).toEqual({ panel: t.panel, datasource: ds });
    for (const v of dashboard.templating.list) if (v.type === 'query') expect(v.datasource).toEqual(ds);
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of panels) {
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
      expect(p.title).toBeTruthy();
    }
    for (const p of graphPanels) expect(p.targets.length).toBeGreaterThan(0);
  });

  it('the metric catalogue is collected from the code (sanity: the known metrics and labels are found)', () => {
    expect(registered.get('http_request_duration_seconds')).toMatchObject({
      type: 'histogram',
      labels: ['method', 'route', 'status_code'],
    });
    expect(registered.get('handit_tasks_total')).toMatchObject({
      type: 'counter',
      labels: ['type', 'model', 'status'],
    });
    expect(registered.get('handit_queue_depth')).toMatchObject({ type: 'gauge', labels: ['priority'] });
    expect(registered.get('process_resident_memory_bytes')?.type).toBe('gauge');
    expect(registered.get('nodejs_gc_duration_seconds')).toMatchObject({ type: 'histogram', labels: ['kind'] });
  });

  it('every PromQL expression references only metrics and labels the code registers', () => {
    const problems = targets.flatMap((t) =>
      promqlProblems(t.expr, registered).map((p) => `${t.panel}: ${p} in ${t.expr}`),
    );
    expect(problems).toEqual([]);
    for (const v of dashboard.templating.list.filter((x: any) => x.type === 'query')) {
      const m = /^label_values\(\s*([a-zA-Z_:][\w:]*)\s*,\s*([a-zA-Z_]\w*)\s*\)$/.exec(v.query.query ?? v.query);
      expect(m).not.toBeNull();
      expect(registered.has(m![1])).toBe(true);
      expect(promqlProblems(`sum by (${m![2]}) (${m![1]})`, registered)).toEqual([]);
    }
  });

  it('the checker rejects a misspelt metric, a histogram suffix on a counter, a label the metric lacks and a grouping label nobody has', () => {
    expect(promqlProblems('sum(rate(http_requests_totl[5m]))', registered)).toEqual([
      'unknown metric http_requests_totl',
    ]);
    expect(promqlProblems('rate(handit_tasks_total_bucket[5m])', registered)).toEqual([
      'unknown metric handit_tasks_total_bucket',
    ]);
    expect(promqlProblems('sum(rate(handit_tasks_total{priority="high"}[5m]))', registered)).toEqual([
      'handit_tasks_total has no label priority',
    ]);
    expect(
      promqlProblems(
        'histogram_quantile(0.95, sum by (le, tenant) (rate(http_request_duration_seconds_bucket[5m])))',
        registered,
      ),
    ).toEqual(['no metric in the expression has label tenant']);
    expect(
      promqlRefs('sum by (le, route) (rate(x_bucket{a=~"b|c",d!="e"}[$__rate_interval] offset 5m)) / 1e-9').metrics,
    ).toEqual(['x_bucket']);
  });

  it('has the panels operators need: request rate, 5xx ratio, latency p50/p95/p99 by route, task throughput by status, task p95 by type, queue depth by priority, cache hit ratio, event-loop lag, RSS', () => {
    const exprs = targets.map((t) => t.expr.replace(/\s+/g, ' '));
    const has = (re: RegExp) =>
      expect({ re: re.source, found: exprs.some((e) => re.test(e)) }).toEqual({ re: re.source, found: true });
    has(/sum by \(route\) \(rate\(http_requests_total\{/);
    has(/status_code=~"5\.\."[^/]*\/ *clamp_min\(sum\(rate\(http_requests_total/);
    for (const q of ['0.5', '0.95', '0.99'])
      has(
        new RegExp(
          `histogram_quantile\\(${q.replace('.', '\\.')}, sum by \\(le, route\\) \\(rate\\(http_request_duration_seconds_bucket`,
        ),
      );
    has(/sum by \(status\) \(rate\(handit_tasks_total/);
    has(/histogram_quantile\(0\.95, sum by \(le, type\) \(rate\(handit_task_duration_seconds_bucket/);
    has(/by \(priority\) \(handit_queue_depth/);
    has(/handit_cache_total\{result=~"hit\|coalesced"/);
    has(/cache_lookups_total\{result="hit"/);
    has(/nodejs_eventloop_lag_p99_seconds/);
    has(/process_resident_memory_bytes/);
  });
});
