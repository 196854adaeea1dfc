/** How far a running task is, as its model last reported (stored on the task, throttled). */
export interface TaskProgress {
  /** 0…1, never decreasing within an attempt. */
  fraction: number;
  message: string;
  at: Date;
}

/** A progress report on the task events bus and in the task's SSE stream (`event: progress`). */
export interface TaskProgressEvent {
  id: string;
  tenant: string;
  fraction: number;
  message: string;
  at: string;
}

export type TaskProgressListener = (event: TaskProgressEvent) => void;
