import { Injectable } from '@nestjs/common';

export type StopReason = 'cancel' | 'timeout' | 'shutdown';

/**
 * Why an active run was aborted, keyed by run id, so a node seeing its signal fire can tell a
 * shutdown (leave the Handit task for recovery) from a cancel or timeout (cancel it). Entries
 * live only while the run's activation does.
 */
@Injectable()
export class RunStops {
  private readonly reasons = new Map<string, StopReason>();

  set(runId: string, reason: StopReason): void {
    if (!this.reasons.has(runId)) this.reasons.set(runId, reason);
  }

  reason(runId: string): StopReason | undefined {
    return this.reasons.get(runId);
  }

  clear(runId: string): void {
    this.reasons.delete(runId);
  }
}
