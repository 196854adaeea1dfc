import type { Point } from '@app/monitoring-orchestrator';

/** One sample: `t` epoch ms, `v` the value. */
export function presentPoint(point: Point) {
  return { t: point.t, v: point.v };
}

/** One series over a window, oldest point first. */
export function presentSeries(name: string, description: string, windowMs: number, points: Point[]) {
  return { name, description, windowMs, points: points.map(presentPoint) };
}

/** The catalogue (GET /metrics/series without `name`): every known series, and those sampled so far. */
export function presentSeriesCatalog(catalog: Record<string, string>, sampled: string[]) {
  return { series: Object.entries(catalog).map(([name, description]) => ({ name, description })), sampled };
}

export const SERIES_SCHEMA = {
  type: 'object',
  example: {
    name: 'http.request_rate',
    description: 'HTTP requests per second',
    windowMs: 900000,
    points: [{ t: 1893488400000, v: 12.4 }],
  },
};
