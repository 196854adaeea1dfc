import { Injectable } from '@nestjs/common';
import { JobContext, SchedulableJob, SchedulableJobHandler, scheduledPrincipalId } from '@app/infrastructure';
import { CronService } from './cron.service';

/** What a LangGraph Platform cron's schedule runs at each firing: the cron's run. */
@Injectable()
@SchedulableJob({
  name: 'langgraph.cron-run',
  description:
    'Fire a LangGraph Platform cron (POST /api/v1/langgraph/runs/crons): create its run on its thread or statelessly; ' +
    'the result is the run id, or skipped when the cron is disabled, deleted or past its end time.',
  inputSchema: {
    type: 'object',
    required: ['cronId'],
    additionalProperties: false,
    properties: { cronId: { type: 'string', minLength: 1, maxLength: 128 } },
  },
})
export class CronRunJob implements SchedulableJobHandler<{ cronId: string }> {
  constructor(private readonly crons: CronService) {}

  async run(input: { cronId: string }, context: JobContext) {
    const run = await this.crons.fire(
      { tenant: context.tenant, principalId: scheduledPrincipalId(context) },
      input.cronId,
    );
    return run ? { runId: run.id, threadId: run.threadId ?? null, status: run.status } : { skipped: true };
  }
}
