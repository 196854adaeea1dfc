import type { BudgetStats } from '@app/infrastructure';
import { PRIORITIES, type QueueList, type QueueOverview } from '@app/task-scheduler';

/**
 * The API's view of a managed queue. The tenant view carries `tenantPaused`, the whole-queue
 * view (system admin) `pausedTenants`; a tenant never sees another tenant's pause or counts.
 */
export function presentQueue(queue: QueueOverview) {
  return {
    name: queue.name,
    scope: queue.scope,
    tenant: queue.tenant,
    paused: queue.paused,
    queuePaused: queue.queuePaused,
    ...(queue.scope === 'tenant'
      ? { tenantPaused: queue.tenantPaused ?? false }
      : { pausedTenants: queue.pausedTenants ?? [] }),
    depthByPriority: queue.depthByPriority,
    queued: queue.queued,
    running: queue.running,
    concurrency: queue.concurrency,
    completedLastMinute: queue.completedLastMinute,
    failedLastMinute: queue.failedLastMinute,
    rates: queue.rates,
  };
}

export function presentQueueList(list: QueueList) {
  return {
    scope: list.scope,
    tenant: list.tenant,
    queues: list.queues.map(presentQueue),
    ...(list.budget ? { budget: presentBudget(list.budget) } : {}),
  };
}

export function presentDrain(result: { removed: number; queue: QueueOverview }) {
  return { removed: result.removed, queue: presentQueue(result.queue) };
}

function presentBudget(budget: BudgetStats) {
  return {
    total: budget.total,
    interactiveReserved: budget.interactiveReserved,
    inUse: budget.inUse,
    interactiveInUse: budget.interactiveInUse,
    backgroundInUse: budget.backgroundInUse,
    waitingInteractive: budget.waitingInteractive,
    waitingBackground: budget.waitingBackground,
    byQueue: budget.byQueue,
  };
}

const count = (description: string, example: number) => ({ type: 'integer', description, example });

export const QUEUE_SCHEMA = {
  type: 'object',
  required: ['name', 'scope', 'tenant', 'paused', 'queuePaused', 'depthByPriority', 'queued', 'running', 'concurrency'],
  properties: {
    name: { type: 'string', example: 'handit.tasks' },
    scope: { type: 'string', enum: ['tenant', 'queue'], example: 'tenant', description: 'Whose work is in view' },
    tenant: { type: 'string', nullable: true, example: 'desk-fx', description: 'The tenant in view; null: all' },
    paused: { type: 'boolean', example: false, description: 'The work in view starts nothing (queue/tenant paused)' },
    queuePaused: { type: 'boolean', example: false, description: 'The whole queue is paused (system admin)' },
    tenantPaused: { type: 'boolean', example: false, description: 'Tenant view only: this tenant’s work is paused' },
    pausedTenants: {
      type: 'array',
      items: { type: 'string' },
      example: ['desk-eq'],
      description: 'Whole-queue view only: tenants whose work is paused',
    },
    depthByPriority: {
      type: 'object',
      properties: Object.fromEntries(PRIORITIES.map((p) => [p, { type: 'integer' }])),
      example: { critical: 0, high: 0, normal: 3, low: 0, background: 1 },
      description: 'Waiting items per priority',
    },
    queued: count('Waiting items (ready, delayed or held by a pause)', 4),
    running: count('Items running now', 2),
    concurrency: count('The queue’s concurrency, shared by every tenant', 4),
    completedLastMinute: count('Completed in the last 60 s', 30),
    failedLastMinute: count('Failed in the last 60 s', 1),
    rates: {
      type: 'object',
      properties: { completedPerSecond: { type: 'number' }, failedPerSecond: { type: 'number' } },
      example: { completedPerSecond: 0.5, failedPerSecond: 0.017 },
    },
  },
};

const BUDGET_SCHEMA = {
  type: 'object',
  description: 'The service-wide concurrency budget: whole-queue view (scope=queue) only',
  example: {
    total: 8,
    interactiveReserved: 2,
    inUse: 5,
    interactiveInUse: 1,
    backgroundInUse: 4,
    waitingInteractive: 0,
    waitingBackground: 12,
    byQueue: { 'scheduler.runs': { running: 4, waiting: 12 }, 'handit.tasks': { running: 1, waiting: 0 } },
  },
};

export const QUEUE_LIST_SCHEMA = {
  type: 'object',
  required: ['scope', 'tenant', 'queues'],
  properties: {
    scope: { type: 'string', enum: ['tenant', 'queue'], example: 'tenant' },
    tenant: { type: 'string', nullable: true, example: 'desk-fx' },
    queues: { type: 'array', items: QUEUE_SCHEMA },
    budget: BUDGET_SCHEMA,
  },
};

export const QUEUE_DRAIN_SCHEMA = {
  type: 'object',
  required: ['removed', 'queue'],
  properties: { removed: count('Waiting items cancelled', 7), queue: QUEUE_SCHEMA },
};
