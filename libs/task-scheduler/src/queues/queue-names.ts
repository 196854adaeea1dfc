/** The scheduler's own queue, as listed by GET /api/v1/scheduler/queues. */
export const SCHEDULER_QUEUE = 'scheduler.runs';
