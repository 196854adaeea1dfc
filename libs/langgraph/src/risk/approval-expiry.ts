import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BaseLogger, Clock, type TimerHandle } from '@app/infrastructure';
import { RunExecutor } from '../runs/run-executor';
import { RiskApprovalRepository } from '../persistence/risk-approval.repository';
import { RunNodeRepository } from '../persistence/run-node.repository';
import { RunRepository } from '../persistence/run.repository';

/** How often pending risk approvals are checked for their time running out. */
const SWEEP_MS = 10_000;

/**
 * Fails runs whose risk approval ran out of time with nobody answering: the request is marked
 * expired and its run, still interrupted, ends `failed` with APPROVAL_EXPIRED (a late answer then
 * gets 409). Times come from the injected Clock.
 */
@Injectable()
export class ApprovalExpiry implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: TimerHandle | null = null;
  private stopped = false;
  private readonly logger: BaseLogger;

  constructor(
    private readonly approvals: RiskApprovalRepository,
    private readonly runs: RunRepository,
    private readonly nodes: RunNodeRepository,
    private readonly executor: RunExecutor,
    private readonly clock: Clock,
    logger: BaseLogger,
  ) {
    this.logger = logger.child({ component: 'langgraph' });
  }

  onApplicationBootstrap(): void {
    this.arm();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** Expires every pending approval past its time; returns how many runs it failed. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    let failed = 0;
    for (const approval of await this.approvals.pendingExpiredBefore(now)) {
      const [until, asked] = [approval.expiresAt.toISOString(), approval.requestedAt.toISOString()];
      const reason = `nobody answered before ${until} (requested ${asked})`;
      if (!(await this.approvals.decide(approval, 'expired', null, now, reason))) continue;
      const run = await this.runs.findById(approval.runId);
      if (!run || run.status !== 'interrupted') continue;
      const error = { code: 'APPROVAL_EXPIRED', message: `Risk approval lapsed: ${reason}`, node: approval.nodeKey };
      if (await this.executor.settle(run, ['interrupted'], 'failed', { error, interrupt: null, finishedAt: now })) {
        await this.nodes.update(run.id, approval.nodeKey, { status: 'failed', error, finishedAt: now });
        failed++;
      }
    }
    return failed;
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimer(() => {
      this.sweep()
        .catch((err: unknown) => this.logger.warn({ err }, 'Risk approval expiry sweep failed'))
        .finally(() => this.arm());
    }, SWEEP_MS);
  }
}
