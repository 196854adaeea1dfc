import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  AgentsSettings,
  BaseLogger,
  Clock,
  JobContext,
  SchedulableJob,
  SchedulableJobHandler,
} from '@app/infrastructure';
import { AgentRegistry } from '../agents/agent-registry.service';
import { BuiltinDispatcher } from '../builtin/builtin-dispatcher';
import { RunRepository } from '../persistence/run.repository';
import { AgentHealthService } from '../health/agent-health.service';
import { MailboxSignals } from './mailbox-signals';
import { recordMessageEvent } from './message-spans';
import { MessageSweepRepository } from '../persistence/message-sweep.repository';

export interface SweepResult {
  leasesExpired: number;
  redelivered: number;
  deadLettered: number;
  staleAgents: number;
}

const RETENTION_EVERY_MS = 3_600_000;

/**
 * The mailbox housekeeping loop, every AGENTS_SWEEP_INTERVAL_MS: expired leases are redelivered
 * (or dead-lettered at maxDeliveries) and count as a failure of the agent that held them; waiting
 * messages past their TTL are dead-lettered; built-in mailboxes are pumped and idle unhealthy
 * built-in agents probed; external agents whose heartbeat went stale are logged once. Also a
 * schedulable job (`agents.sweep`) so an operator can trigger it through the scheduler.
 */
@SchedulableJob({
  name: 'agents.sweep',
  description: 'Expire agent message leases and TTLs, probe unhealthy built-in agents (every tenant: admin only)',
  inputSchema: { type: 'object', additionalProperties: false },
  scope: 'system',
})
@Injectable()
export class MailboxSweeper
  implements SchedulableJobHandler<unknown, SweepResult>, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger: BaseLogger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepResult> | null = null;
  private lastRetention = 0;
  /** Agents last seen stale, to log transitions only; bounded by the live external agents. */
  private stale = new Set<string>();

  constructor(
    private readonly settings: AgentsSettings,
    logger: BaseLogger,
    private readonly messages: MessageSweepRepository,
    private readonly runs: RunRepository,
    private readonly registry: AgentRegistry,
    private readonly health: AgentHealthService,
    private readonly dispatcher: BuiltinDispatcher,
    private readonly signals: MailboxSignals,
    private readonly clock: Clock,
  ) {
    this.logger = logger.child({ component: 'agents.sweeper' });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.sweep().catch((err) => this.logger.error({ err }, 'Agent mailbox sweep failed')),
      this.settings.sweepIntervalMs,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  run(_input: unknown, _context: JobContext): Promise<SweepResult> {
    return this.sweep();
  }

  /** One pass; concurrent callers share the pass in progress. */
  sweep(): Promise<SweepResult> {
    if (!this.running) this.running = this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<SweepResult> {
    const now = this.clock.now();
    const expired = await this.messages.expireLeases(now);
    for (const lease of expired) {
      const agent = await this.registry.byId(lease.agentId);
      if (agent)
        await this.health.record(agent, {
          ok: false,
          latencyMs: Math.max(0, now.getTime() - lease.leasedAt.getTime()),
        });
      if (lease.dead) this.signals.messageFinished(lease.id);
      else this.signals.agentChanged(lease.agentId);
      const expiredLease = { 'error.code': 'LEASE_EXPIRED' };
      if (lease.dead)
        recordMessageEvent(
          'dead_letter',
          lease,
          { ...expiredLease, 'message.dead_reason': 'max_deliveries' },
          'Lease expired at the last delivery',
        );
      else recordMessageEvent('redelivery', lease, expiredLease);
    }
    const ttl = await this.messages.expireTtl(now);
    for (const message of ttl) {
      this.signals.messageFinished(message.id);
      recordMessageEvent('dead_letter', message, { 'message.dead_reason': 'expired' }, 'Outlived its ttlMs');
    }

    const staleAgents = await this.checkHeartbeats();
    this.dispatcher.pumpAll();
    await this.dispatcher.probeIdleAgents();

    if (Date.now() - this.lastRetention >= RETENTION_EVERY_MS) {
      this.lastRetention = Date.now();
      const cutoff = new Date(now.getTime() - this.settings.retentionDays * 86_400_000);
      const removed = await this.messages.deleteFinishedBefore(cutoff);
      const runsRemoved = await this.runs.deleteFinishedBefore(
        new Date(now.getTime() - this.settings.coordination.retentionDays * 86_400_000),
      );
      if (removed || runsRemoved) this.logger.log({ removed, runsRemoved }, 'Agent message and run retention');
    }
    return {
      leasesExpired: expired.length,
      redelivered: expired.filter((l) => !l.dead).length,
      deadLettered: expired.filter((l) => l.dead).length + ttl.length,
      staleAgents,
    };
  }

  private async checkHeartbeats(): Promise<number> {
    const next = new Set<string>();
    for (const agent of await this.registryExternal()) {
      if (!this.health.view(agent).heartbeatStale) continue;
      next.add(agent.id);
      if (!this.stale.has(agent.id))
        this.logger.warn(
          { agentId: agent.id, name: agent.name, lastHeartbeatAt: agent.lastHeartbeatAt },
          'External agent stopped sending heartbeats: unhealthy',
        );
    }
    this.stale = next;
    return next.size;
  }

  private registryExternal() {
    return this.registry.liveExternal();
  }
}
