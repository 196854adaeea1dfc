/**
 * Events any library emits about work it runs, so monitoring can show recent failures without
 * importing the library (the scheduler emits them for runs; queues may for their items).
 */
export interface WorkFailedEvent {
  /** Queue or component, e.g. `scheduler.runs`, `handit.tasks`. */
  source: string;
  id: string;
  /** Job name, task type, … */
  kind: string;
  error: string;
  at: string;
  /** True when no retry will follow (dead letter / final failure). */
  final: boolean;
  /** Tenant whose work failed; absent for system work. Monitoring shows a failure to its tenant only. */
  tenant?: string;
}

declare module '../../optional/event-core' {
  interface AppEvents {
    'work.failed': WorkFailedEvent;
  }
}
