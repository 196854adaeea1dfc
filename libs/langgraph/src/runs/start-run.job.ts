import { Injectable } from '@nestjs/common';
import { JobContext, SchedulableJob, SchedulableJobHandler, scheduledPrincipalId } from '@app/infrastructure';
import { WorkflowService } from './workflow.service';

export interface StartRunJobInput {
  workflow: string;
  version?: number;
  input: Record<string, unknown>;
  timeoutMs?: number;
}

/**
 * Lets the scheduler start workflow runs (e.g. a market scan every morning) in the schedule's
 * tenant, as principal `scheduler:<creator>`, like handit.submit-task. One run per firing: the scheduler's
 * run id is the threadId, so a retried firing returns the run it already started.
 */
@Injectable()
@SchedulableJob({
  name: 'langgraph.start-run',
  description:
    'Start a workflow run (template or registered name) with the given input; the run result is the ' +
    'workflow run id and status.',
  inputSchema: {
    type: 'object',
    required: ['workflow', 'input'],
    additionalProperties: false,
    properties: {
      workflow: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' },
      version: { type: 'integer', minimum: 1 },
      input: { type: 'object' },
      timeoutMs: { type: 'integer', minimum: 100 },
    },
  },
})
export class StartRunJob implements SchedulableJobHandler<StartRunJobInput> {
  constructor(private readonly workflows: WorkflowService) {}

  async run(input: StartRunJobInput, context: JobContext) {
    const { run } = await this.workflows.execute({
      tenant: context.tenant,
      principalId: scheduledPrincipalId(context),
      workflow: input.workflow,
      version: input.version,
      input: input.input,
      timeoutMs: input.timeoutMs,
      threadId: `schedule-run:${context.runId}`,
    });
    return { runId: run.id, status: run.status, workflow: run.workflow, version: run.version };
  }
}
