import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested, IsInt, Min, IsObject } from 'class-validator';
import { STORED_EVENT_ID, TASK_STATUS_EVENT_ID } from '../http/sse';
import { IDENTIFIER_PATTERN, TASK_STATUSES_ALL } from './ws-vocabulary';

/**
 * The client's messages on /ws (JSON text frames), validated like request bodies: unknown fields
 * and bad values are refused with VALIDATION_FAILED naming the field.
 *
 *   { "type": "auth", "apiKey": "…" } | { "type": "auth", "token": "<jwt>" }
 *   { "type": "subscribe", "id": "s1", "channel": "task" | "run" | "mailbox" | "tasks" | "runs" | "alerts",
 *     "target"?: "<task id | run id | agent id | alert rule id>", "filter"?: { … }, "lastEventId"?: "…" }
 *   { "type": "unsubscribe", "id": "s1" }
 *   { "type": "ping" }
 */
export const CLIENT_MESSAGE_TYPES = ['auth', 'subscribe', 'unsubscribe', 'ping'] as const;
/** By id: one task's status, one run's events, one agent's mailbox. By filter: the tenant's tasks, runs, alerts. */
export const CHANNELS = ['task', 'run', 'mailbox', 'tasks', 'runs', 'alerts'] as const;
export type Channel = (typeof CHANNELS)[number];
export const BY_ID: readonly Channel[] = ['task', 'run', 'mailbox'];

const SUBSCRIPTION_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const EVENT_ID = new RegExp(`${STORED_EVENT_ID.source}|${TASK_STATUS_EVENT_ID.source}`, 'i');

export class AuthMessage {
  @IsIn(['auth']) type: 'auth';
  @IsOptional() @IsString() @MaxLength(4096) apiKey?: string;
  @IsOptional() @IsString() @MaxLength(8192) token?: string;
}

export class SubscriptionFilter {
  /** tasks: a task type; runs: a workflow name. */
  @IsOptional() @IsString() @MaxLength(100) type?: string;
  @IsOptional() @IsString() @MaxLength(100) workflow?: string;
  /** tasks and runs: only changes to this status. */
  @IsOptional() @IsIn(TASK_STATUSES_ALL) status?: string;
  /** alerts: only this severity. */
  @IsOptional() @IsIn(['info', 'warning', 'critical']) severity?: string;
}

export class SubscribeMessage {
  @IsIn(['subscribe']) type: 'subscribe';
  @Matches(SUBSCRIPTION_ID, { message: 'must be 1-64 characters of letters, digits and ._:-' }) id: string;
  @IsIn(CHANNELS) channel: Channel;
  @IsOptional() @Matches(IDENTIFIER_PATTERN, { message: 'must be an id (letters, digits, . _ @ -)' }) target?: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SubscriptionFilter) filter?: SubscriptionFilter;
  @IsOptional() @Matches(EVENT_ID, { message: 'must be an event id from an earlier event' }) lastEventId?: string;
  /** mailbox: the lease of each claimed message (default AGENTS_LEASE_MS). */
  @IsOptional() @IsInt() @Min(1000) leaseMs?: number;
}

export class UnsubscribeMessage {
  @IsIn(['unsubscribe']) type: 'unsubscribe';
  @Matches(SUBSCRIPTION_ID, { message: 'must be 1-64 characters of letters, digits and ._:-' }) id: string;
}

export class PingMessage {
  @IsIn(['ping']) type: 'ping';
}

export const CLIENT_MESSAGES = {
  auth: AuthMessage,
  subscribe: SubscribeMessage,
  unsubscribe: UnsubscribeMessage,
  ping: PingMessage,
} as const;

export type ClientMessage = AuthMessage | SubscribeMessage | UnsubscribeMessage | PingMessage;
