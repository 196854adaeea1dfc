import type { DashboardData } from '@app/monitoring-orchestrator';
import { presentAlertEvent } from './alert-event.presenter';
import { presentHealth } from './health.presenter';
import { presentPoint } from './series.presenter';

/** The dashboard's document; its alert history in the same shape as GET /alerts/history. */
export function presentDashboard(data: DashboardData) {
  return {
    generatedAt: data.generatedAt,
    windowMs: data.windowMs,
    health: presentHealth(data.health),
    series: Object.fromEntries(Object.entries(data.series).map(([name, points]) => [name, points.map(presentPoint)])),
    queues: data.queues,
    recentFailures: data.recentFailures,
    alerts: { firing: data.alerts.firing, recent: data.alerts.recent.map(presentAlertEvent) },
  };
}

export const DASHBOARD_SCHEMA = {
  type: 'object',
  example: {
    generatedAt: '2030-01-01T09:00:00.000Z',
    windowMs: 900000,
    health: { status: 'up', components: {} },
    series: { 'http.request_rate': [{ t: 1893488400000, v: 12.4 }] },
    queues: [],
    recentFailures: [],
    alerts: {
      firing: [
        {
          ruleId: '01JD3Z8X6Q4W3N5R7T9V1B2C3D',
          tenant: 'desk-fx',
          name: 'high-error-ratio',
          severity: 'critical',
          since: '2030-01-01T09:01:00.000Z',
          value: 0.12,
          series: 'http.error_ratio',
          threshold: 0.05,
        },
      ],
      recent: [],
    },
  },
};
