import { Injectable } from '@nestjs/common';
import { WorkflowCheckpointer } from '../checkpoint/workflow-checkpointer';
import { RunRepository } from '../persistence/run.repository';
import { ThreadRepository } from '../persistence/thread.repository';
import type { Run } from '../runs/run.types';
import type { ThreadStatus } from './platform.types';

/**
 * Keeps a thread's status in step with its runs: `busy` while one is queued or running, `error`
 * after a failed one, `interrupted` while the graph waits (an interrupt, or interrupt_before/after),
 * `idle` otherwise. A stateless run's temporary thread is deleted with its checkpoints once done.
 */
@Injectable()
export class ThreadStatusSync {
  constructor(
    private readonly threads: ThreadRepository,
    private readonly runs: RunRepository,
    private readonly checkpointer: WorkflowCheckpointer,
  ) {}

  async afterRun(run: Run): Promise<void> {
    const threadId = run.threadId!;
    const current = (await this.runs.findById(run.id)) ?? run;
    const inflight = await this.runs.inflightOnThread(run.tenant, threadId);
    if (current.kwargs?.temporary && !inflight.length && current.status !== 'queued' && current.status !== 'running') {
      await this.threads.delete(run.tenant, threadId);
      await this.checkpointer.deleteThread(threadId);
      return;
    }
    await this.threads.update(run.tenant, threadId, { status: statusAfter(current, inflight.length > 0) });
  }
}

export function statusAfter(run: Run, inflight: boolean): ThreadStatus {
  if (inflight) return 'busy';
  if (run.status === 'failed') return 'error';
  if (run.status === 'interrupted') return 'interrupted';
  return 'idle';
}
