/** Request bodies for POST /schedules, one per kind of timing (Swagger's example picker). */
export const SCHEDULE_EXAMPLES = {
  cron: {
    value: { name: 'weekday heartbeat', job: 'scheduler.heartbeat', cron: '0 9 * * 1-5', timezone: 'Europe/London' },
  },
  'market-open': {
    summary: 'XNYS open-30m: 09:00 New York on trading days only',
    value: { name: 'pre-open scan', job: 'scheduler.heartbeat', market: { calendar: 'XNYS', at: 'open-30m' } },
  },
  'market-close': {
    summary: 'XNYS close+15m: follows half days (13:15 on the day after Thanksgiving)',
    value: { name: 'end-of-day risk', job: 'scheduler.heartbeat', market: { calendar: 'XNYS', at: 'close+15m' } },
  },
  'every-5m-in-session': {
    summary: 'Every 5 minutes while Tokyo trades (never in the lunch break)',
    value: {
      job: 'scheduler.heartbeat',
      market: { calendar: 'XTKS', every: '5m', during: 'session' },
      overlapPolicy: 'skip',
    },
  },
};

/** Request bodies for PATCH /schedules/{id}: only the fields sent change. */
export const UPDATE_SCHEDULE_EXAMPLES = {
  'move-earlier': {
    summary: 'Fire at 08:30 London time on weekdays instead',
    value: { cron: '30 8 * * 1-5', timezone: 'Europe/London' },
  },
  disable: { summary: 'Stop firing, keep the schedule', value: { enabled: false } },
};
