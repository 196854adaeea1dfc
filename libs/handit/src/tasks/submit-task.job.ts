import { Injectable } from '@nestjs/common';
import { JobContext, SchedulableJob, SchedulableJobHandler, scheduledPrincipalId } from '@app/infrastructure';
import { PRIORITIES, Priority, TaskType } from './task.types';
import { TASK_TYPE_CATALOG } from './task-catalog';
import { TaskService } from './task.service';

export interface SubmitTaskJobInput {
  type: TaskType;
  input: Record<string, unknown>;
  model?: string;
  priority?: Priority;
  options?: { timeoutMs?: number; maxAttempts?: number; cache?: boolean };
}

/**
 * Lets the scheduler submit AI tasks on a cron or interval (e.g. a nightly risk report). The task
 * is validated like an API request when it fires; it belongs to the schedule's tenant, runs as
 * principal `scheduler:<creator>`, at `background` priority unless the schedule says otherwise.
 */
@Injectable()
@SchedulableJob({
  name: 'handit.submit-task',
  description:
    'Submit an AI task (same body as POST /api/v1/ai-orchestration/tasks); the run result is the task id and status.',
  inputSchema: {
    type: 'object',
    required: ['type', 'input'],
    additionalProperties: false,
    properties: {
      type: { type: 'string', enum: TASK_TYPE_CATALOG.map((t) => t.type) },
      input: { type: 'object' },
      model: { type: 'string', maxLength: 100 },
      priority: { type: 'string', enum: [...PRIORITIES] },
      options: {
        type: 'object',
        additionalProperties: false,
        properties: {
          timeoutMs: { type: 'integer', minimum: 100 },
          maxAttempts: { type: 'integer', minimum: 1, maximum: 20 },
          cache: { type: 'boolean' },
        },
      },
    },
  },
})
export class SubmitTaskJob implements SchedulableJobHandler<SubmitTaskJobInput> {
  constructor(private readonly tasks: TaskService) {}

  async run(input: SubmitTaskJobInput, context: JobContext) {
    const { task } = await this.tasks.create({
      tenant: context.tenant,
      principalId: scheduledPrincipalId(context),
      type: input.type,
      model: input.model,
      priority: input.priority ?? 'background',
      input: input.input,
      options: input.options,
      // One task per firing, even if the run is retried after the task was created.
      idempotencyKey: `schedule-run:${context.runId}`,
    });
    return { taskId: task.id, status: task.status };
  }
}
