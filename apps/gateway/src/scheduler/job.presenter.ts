import type { JobDefinition, JobScope } from '@app/infrastructure';

/** The API's view of a schedulable job: its definition, with the scope spelled out. */
export function presentJob(job: JobDefinition & { scope: JobScope }) {
  return {
    name: job.name,
    description: job.description,
    inputSchema: job.inputSchema,
    timeoutMs: job.timeoutMs,
    scope: job.scope,
  };
}

export const JOB_SCHEMA = {
  type: 'object',
  example: {
    name: 'scheduler.heartbeat',
    description: 'Succeeds immediately, recording that the scheduler fired',
    scope: 'tenant',
    inputSchema: { type: 'object', properties: { note: { type: 'string' } } },
  },
};
