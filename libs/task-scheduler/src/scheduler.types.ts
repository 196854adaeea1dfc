import type { MarketTrigger } from '@app/market-calendars';

/** Priorities shared with the rest of the service (same names as Handit's task queue). */
export const PRIORITIES = ['critical', 'high', 'normal', 'low', 'background'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const PRIORITY_RANK: Record<Priority, number> = { critical: 0, high: 1, normal: 2, low: 3, background: 4 };

export const OVERLAP_POLICIES = ['skip', 'queue'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];
export const MISSED_POLICIES = ['skip', 'run-once'] as const;
export type MissedPolicy = (typeof MISSED_POLICIES)[number];
export const BACKOFF_TYPES = ['fixed', 'exponential'] as const;

export interface Backoff {
  type: (typeof BACKOFF_TYPES)[number];
  /** Delay before the 2nd attempt; exponential doubles it for each further attempt. */
  delayMs: number;
  /** Upper bound on one delay. */
  maxDelayMs: number;
}

export const SCHEDULE_KINDS = ['cron', 'every', 'at', 'market'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export interface Timing {
  kind: ScheduleKind;
  cron: string | null;
  /** IANA zone the cron expression is read in. */
  timezone: string | null;
  everyMs: number | null;
  at: Date | null;
  /** A market trigger (`{ calendar, at }` or `{ calendar, every, during }`): fires on trading days only. */
  market: MarketTrigger | null;
}

/** Who owns a schedule and its runs: every read and change is confined to the tenant. */
export interface Ownership {
  tenant: string;
  /** Principal that created the schedule; null for schedules older than tenant scoping. */
  createdBy: string | null;
}

export interface Schedule extends Timing, Ownership {
  id: string;
  name: string | null;
  job: string;
  input: Record<string, unknown>;
  priority: Priority;
  maxAttempts: number;
  backoff: Backoff;
  timeoutMs: number | null;
  overlapPolicy: OverlapPolicy;
  missedPolicy: MissedPolicy;
  enabled: boolean;
  /** Null when the schedule will not fire again (a fired one-off, or paused). */
  nextFireAt: Date | null;
  lastFireAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** W3C traceparent of the request that created it: its runs' spans join or link to that trace. */
  traceParent: string | null;
}

export const RUN_STATUSES = ['queued', 'running', 'retrying', 'succeeded', 'dead', 'cancelled', 'skipped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** Waiting to start (first attempt or a retry after its backoff). */
export const PENDING_STATUSES: readonly RunStatus[] = ['queued', 'retrying'];
export const ACTIVE_STATUSES: readonly RunStatus[] = ['queued', 'retrying', 'running'];

/** Why a run exists: its schedule fired, a missed firing was made up, a manual trigger, a dead letter retried. */
export const RUN_TRIGGERS = ['schedule', 'missed', 'manual', 'dead-letter-retry'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export interface AttemptError {
  attempt: number;
  at: string;
  message: string;
}

export interface Run extends Ownership {
  id: string;
  scheduleId: string | null;
  job: string;
  input: Record<string, unknown>;
  priority: Priority;
  status: RunStatus;
  trigger: RunTrigger;
  attempts: number;
  maxAttempts: number;
  backoff: Backoff;
  timeoutMs: number | null;
  /** The fire time this run belongs to. */
  scheduledFor: Date;
  /** Earliest start of the next attempt. */
  notBefore: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  /** Last attempt's error, or why the run was skipped. */
  error: string | null;
  errors: AttemptError[];
  result: unknown;
  createdAt: Date;
  updatedAt: Date;
  /** W3C traceparent its attempts' spans join (a one-off schedule's or a manual trigger's origin). */
  traceParent: string | null;
}

export interface ScheduleInput {
  name?: string | null;
  job: string;
  input?: Record<string, unknown>;
  cron?: string;
  timezone?: string;
  everyMs?: number;
  at?: string | Date;
  /** A market trigger as the client sent it; validated field by field (`market.calendar`, `market.at`, …). */
  market?: MarketTriggerInput;
  priority?: Priority;
  maxAttempts?: number;
  backoff?: Partial<Backoff>;
  timeoutMs?: number | null;
  overlapPolicy?: OverlapPolicy;
  missedPolicy?: MissedPolicy;
  enabled?: boolean;
}

/** A market trigger before validation: `{ calendar, at }` or `{ calendar, every, during }`. */
export interface MarketTriggerInput {
  calendar?: string;
  at?: string;
  every?: string;
  during?: string;
}
