export { createClient, OrchestrationClient } from './client';
export type { ClientOptions } from './client';
export { ApiError, WaitTimeoutError } from './errors';
export type { FieldProblem } from './errors';
export { backoffDelayMs, retryAfterMs, retryingFetch, RETRY_STATUSES } from './retry';
export type { RetryInfo, RetryOptions } from './retry';
export { readSse, SseDisconnectedError } from './sse';
export type { SseEvent, SseOptions, SseSource } from './sse';
export { AgentsApi, MemoryApi, TasksApi, WorkflowsApi } from './resources';
export type {
  AgentMessage,
  CreateTask,
  ExecuteWorkflow,
  Interrupt,
  ResumeRun,
  Task,
  TaskStatusEvent,
  WaitOptions,
  WorkflowRun,
} from './resources';
export type { BodyOf, ItemOf, ListPath, PathOf, QueryOf, ResultOf, Schemas, components, paths } from './types';
