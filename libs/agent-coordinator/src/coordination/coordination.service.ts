import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SpanStatusCode } from '@opentelemetry/api';
import { AgentsSettings, AppError, BaseLogger, Clock, newId, Page } from '@app/infrastructure';
import { AgentRegistry, AgentView } from '../agents/agent-registry.service';
import { MailboxService } from '../messages/mailbox.service';
import { agentsTracer } from '../messages/message-spans';
import { RunRepository } from '../persistence/run.repository';
import { runParallel, runConsensus, runSequential, StepRunner } from './strategies';
import type { CoordinationRun, CreateRunRequest, RunListQuery, RunStatus, RunStep } from './run.types';

/**
 * Coordinated runs over agents: validated and stored before the 202, then executed here; a run
 * a stopped process left `running` is resumed at start-up (steps already sent are awaited, not
 * sent again).
 */
@Injectable()
export class CoordinationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: BaseLogger;
  /** Runs executing in this process; bounded by the runs accepted and not yet finished. */
  private readonly active = new Map<string, Promise<void>>();
  private readonly stop = new AbortController();

  constructor(
    private readonly settings: AgentsSettings,
    logger: BaseLogger,
    private readonly runs: RunRepository,
    private readonly registry: AgentRegistry,
    private readonly mailbox: MailboxService,
    private readonly clock: Clock,
  ) {
    this.logger = logger.child({ component: 'agents.coordination' });
  }

  async onApplicationBootstrap(): Promise<void> {
    const running = await this.runs.findRunning();
    for (const run of running) this.start(run);
    if (running.length) this.logger.log({ resumed: running.length }, 'Resumed coordination runs');
  }

  onApplicationShutdown(): void {
    this.stop.abort(new Error('shutdown'));
  }

  async create(request: CreateRunRequest): Promise<CoordinationRun> {
    const limits = this.settings.coordination;
    const task =
      request.task ?? request.tasks?.[0] ?? (request.strategy === 'consensus' ? 'trading_signal' : undefined);
    if (!task) throw AppError.validation([{ field: 'task', message: 'is required for sequential and parallel runs' }]);
    if (request.strategy === 'consensus' && task !== 'trading_signal') {
      throw AppError.validation([
        { field: 'task', message: 'consensus votes on trading signals: task must be trading_signal' },
      ]);
    }
    const timeoutMs = request.timeoutMs ?? limits.defaultTimeoutMs;
    if (timeoutMs > limits.maxTimeoutMs)
      throw AppError.validation([{ field: 'timeoutMs', message: `must not be greater than ${limits.maxTimeoutMs}` }]);
    const bytes = Buffer.byteLength(JSON.stringify(request.input ?? null));
    if (bytes > this.settings.maxPayloadBytes) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `input is ${bytes} bytes; the limit is ${this.settings.maxPayloadBytes} (AGENTS_MAX_PAYLOAD_BYTES)`,
        { field: 'input', bytes, limit: this.settings.maxPayloadBytes },
      );
    }
    const selected = await this.select(request, task);
    const tasks = request.tasks ?? selected.map(() => task);
    const now = this.clock.now();
    const run: CoordinationRun = {
      id: newId(),
      tenant: request.tenant,
      principalId: request.principalId,
      strategy: request.strategy,
      task,
      selection: {
        ...(request.agents ? { agents: request.agents } : { capability: request.capability ?? task }),
        ...(request.tasks ? { tasks: request.tasks } : {}),
      },
      input: request.input,
      priority: request.priority ?? 'normal',
      timeoutMs,
      status: 'running',
      steps: selected.map((view, i): RunStep => ({
        agentId: view.agent.id,
        agentName: view.agent.name,
        task: tasks[i],
        status: 'pending',
        messageId: null,
        healthAtStart: view.health.score,
      })),
      result: null,
      error: null,
      createdAt: now,
      deadlineAt: new Date(now.getTime() + timeoutMs),
      finishedAt: null,
    };
    await this.runs.insert(run);
    this.start(run);
    return run;
  }

  async get(tenant: string, id: string): Promise<CoordinationRun> {
    const run = await this.runs.findForTenant(tenant, id);
    if (!run) throw AppError.notFound('run', id);
    return run;
  }

  list(query: RunListQuery): Promise<Page<CoordinationRun>> {
    return this.runs.list(query);
  }

  /** Resolves with the run once it is finished, or as it is when `ms` runs out. */
  async waitForFinish(tenant: string, id: string, ms: number): Promise<CoordinationRun> {
    const active = this.active.get(id);
    if (active) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        active,
        new Promise<void>(
          (resolve) => (timer = setTimeout(resolve, Math.min(ms, this.settings.coordination.maxWaitMs))),
        ),
      ]);
      clearTimeout(timer);
    }
    return this.get(tenant, id);
  }

  private start(run: CoordinationRun): void {
    const done = this.execute(run)
      .catch((err) => this.logger.error({ err, runId: run.id }, 'Coordination run failed unexpectedly'))
      .finally(() => this.active.delete(run.id));
    this.active.set(run.id, done);
  }

  /**
   * The run under one `agents.coordination.run` span (in the creating request's trace; a run
   * resumed at start-up starts a trace of its own), its steps and messages as descendants.
   */
  private execute(run: CoordinationRun): Promise<void> {
    return agentsTracer().startActiveSpan(
      'agents.coordination.run',
      {
        attributes: {
          'tenant.id': run.tenant,
          'coordination.run_id': run.id,
          'coordination.strategy': run.strategy,
          'coordination.task': run.task,
          'coordination.steps': run.steps.length,
        },
      },
      async (span) => {
        try {
          const status = await this.executeSteps(run);
          if (status) span.setAttribute('coordination.status', status);
          if (status === 'failed' || status === 'timed_out') span.setStatus({ code: SpanStatusCode.ERROR });
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  }

  private async executeSteps(run: CoordinationRun): Promise<RunStatus | undefined> {
    const steps = run.steps.map((s) => ({ ...s }));
    const runner = new StepRunner(run, steps, this.mailbox, this.registry, this.runs, this.clock, this.stop.signal);
    const outcome =
      run.strategy === 'sequential'
        ? await runSequential(runner, run.input)
        : run.strategy === 'parallel'
          ? await runParallel(runner, run.input)
          : await runConsensus(runner, run.input);
    if (this.stop.signal.aborted) return undefined;
    await this.runs.finish(run.id, { ...outcome, steps }, this.clock.now());
    return outcome.status;
  }

  /** The agents of a run, in step order; explicit ids are checked one by one (404 / 400 naming agents[i]). */
  private async select(request: CreateRunRequest, task: string): Promise<AgentView[]> {
    const limits = this.settings.coordination;
    if (request.agents && request.capability)
      throw AppError.validation([{ field: 'agents', message: 'give either agents or capability, not both' }]);
    if (request.tasks && (request.strategy !== 'sequential' || !request.agents)) {
      throw AppError.validation([
        { field: 'tasks', message: 'per-step tasks are for sequential runs with an explicit agents list' },
      ]);
    }
    if (request.tasks && request.agents && request.tasks.length !== request.agents.length) {
      throw AppError.validation([
        { field: 'tasks', message: `has ${request.tasks.length} entries; agents has ${request.agents.length}` },
      ]);
    }
    if (request.agents) {
      if (request.agents.length > limits.maxAgentsPerRun)
        throw AppError.validation([
          { field: 'agents', message: `must not have more than ${limits.maxAgentsPerRun} agents` },
        ]);
      if (new Set(request.agents).size !== request.agents.length && request.strategy !== 'sequential') {
        throw AppError.validation([{ field: 'agents', message: 'lists an agent twice' }]);
      }
      const views: AgentView[] = [];
      for (const [i, id] of request.agents.entries()) {
        const agent = await this.registry.find(request.tenant, id).catch((err: unknown) => {
          throw err instanceof AppError && err.code === 'NOT_FOUND'
            ? new AppError('NOT_FOUND', `agents[${i}]: agent '${id}' not found`, {
                field: `agents[${i}]`,
                resource: 'agent',
                id,
              })
            : err;
        });
        if (agent.deregisteredAt)
          throw new AppError('NOT_FOUND', `agents[${i}]: agent '${id}' is deregistered`, {
            field: `agents[${i}]`,
            resource: 'agent',
            id,
          });
        const stepTask = request.tasks?.[i] ?? task;
        if (!agent.capabilities.includes(stepTask)) {
          throw AppError.validation([
            {
              field: `agents[${i}]`,
              message:
                `agent '${agent.name}' has no capability '${stepTask}' ` +
                `(it has ${agent.capabilities.join(', ') || 'none'})`,
            },
          ]);
        }
        views.push(await this.registry.describe(agent));
      }
      return views;
    }
    const capability = request.capability ?? task;
    if (capability !== task)
      throw AppError.validation([{ field: 'capability', message: `must be the run's task ('${task}') when given` }]);
    const all = (await this.registry.liveAgents(request.tenant)).filter((a) => a.capabilities.includes(capability));
    if (!all.length)
      throw AppError.validation([
        { field: 'capability', message: `no registered agent has capability '${capability}'` },
      ]);
    const healthy = (await this.registry.describeMany(all))
      .filter((v) => v.status === 'idle' || v.status === 'busy')
      .sort((a, b) => b.health.score - a.health.score);
    if (!healthy.length)
      throw new AppError('PROVIDER_UNAVAILABLE', `No healthy agent with capability '${capability}'`, { capability });
    return healthy.slice(0, limits.maxAgentsPerRun);
  }
}
