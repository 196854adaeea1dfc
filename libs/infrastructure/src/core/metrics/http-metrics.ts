import type { NextFunction, Request, Response } from 'express';
import { BasePerformance } from '../../base/base-performance';
import { routeTemplateOf } from '../logging/request-logging';

// Buckets from 1 ms to 10 s: the API answers health probes in well under a millisecond and
// synchronous waits (`?wait=`) in seconds.
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Express middleware recording `http_request_duration_seconds` and `http_requests_total` by
 * method, route template and status. Unmatched URLs share one label so scanners cannot blow up
 * the series count.
 */
export function httpMetricsMiddleware(performance: BasePerformance) {
  const duration = performance.histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: BUCKETS,
  });
  const total = performance.counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
  });
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = { method: req.method, route: routeTemplateOf(req), status_code: String(res.statusCode) };
      duration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
      total.inc(labels);
    });
    next();
  };
}
