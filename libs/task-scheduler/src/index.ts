/** Public face of @app/task-scheduler. */
export { TaskSchedulerModule } from './task-scheduler.module';
export { SCHEDULE_STATES, ScheduleService, stateOf } from './schedules/schedule.service';
export type { ScheduleView, ScheduleState } from './schedules/schedule.service';
export { RunService } from './schedules/run.service';
export { QueueManager, QUEUE_SCOPES } from './queues/queue-manager';
export type { QueueList, QueueOverview, QueueScopeName } from './queues/queue-manager';
export { SCHEDULER_QUEUE } from './queues/queue-names';
export { JobRegistry } from './jobs/job-registry';
export type { RegisteredJob } from './jobs/job-registry';
export { SchedulerEngine } from './engine/scheduler-engine';
export {
  ACTIVE_STATUSES,
  BACKOFF_TYPES,
  MISSED_POLICIES,
  OVERLAP_POLICIES,
  PENDING_STATUSES,
  PRIORITIES,
  PRIORITY_RANK,
  RUN_STATUSES,
  RUN_TRIGGERS,
  SCHEDULE_KINDS,
} from './scheduler.types';
export type {
  AttemptError,
  Backoff,
  MarketTriggerInput,
  MissedPolicy,
  OverlapPolicy,
  Ownership,
  Priority,
  Run,
  RunStatus,
  RunTrigger,
  Schedule,
  ScheduleInput,
  ScheduleKind,
  Timing,
} from './scheduler.types';
