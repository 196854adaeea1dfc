/** The series the sampler keeps, with what each means (GET /metrics/series without a name lists them). */
export const SERIES_CATALOG: Record<string, string> = {
  'http.request_rate': 'HTTP requests per second',
  'http.error_rate': 'HTTP 5xx responses per second',
  'http.error_ratio': 'Share of HTTP responses that were 5xx (0-1)',
  'http.client_error_ratio': 'Share of HTTP responses that were 4xx (0-1)',
  'http.latency_p50_ms': 'HTTP latency, 50th percentile over the sample interval (ms)',
  'http.latency_p95_ms': 'HTTP latency, 95th percentile over the sample interval (ms)',
  'http.latency_p99_ms': 'HTTP latency, 99th percentile over the sample interval (ms)',
  'tasks.completed_per_minute': 'Work items completed in the last minute, all queues',
  'tasks.failed_per_minute': 'Work items failed in the last minute, all queues',
  'queues.depth': 'Waiting work items, all queues',
  'queues.running': 'Running work items, all queues',
  'cache.hit_ratio': 'Cache hits / lookups over the sample interval (0-1)',
  'process.cpu_percent': 'Process CPU time / wall time over the sample interval (%)',
  'process.rss_mb': 'Resident set size (MB)',
  'process.heap_used_mb': 'V8 heap used (MB)',
  'process.event_loop_lag_ms': 'Event loop delay, mean over the sample interval (ms)',
};

/** Per-queue series (`queue.handit.tasks.depth`, …) exist for every managed queue. */
export const QUEUE_SERIES = /^queue\.[a-z0-9][a-z0-9._-]*\.(depth|running)$/;

/** Hard bound on distinct series, whatever the number of queues. */
export const MAX_SERIES = 200;

/** A catalogue name (own keys only: `constructor` or `__proto__` is no series) or a per-queue series. */
export function isKnownSeriesName(name: string): boolean {
  return Object.hasOwn(SERIES_CATALOG, name) || QUEUE_SERIES.test(name);
}
