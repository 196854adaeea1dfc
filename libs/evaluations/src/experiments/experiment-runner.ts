import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { BaseLogger, Clock } from '@app/infrastructure';
import { isFinal, TaskService, type TaskType } from '@app/handit';
import { DatasetRepository } from '../persistence/dataset.repository';
import { ExperimentRepository } from '../persistence/experiment.repository';
import { Evaluators } from '../evaluators/evaluate';
import type { ItemScores } from '../evaluators/evaluator.types';
import { aggregateSignals, type SignalOutcome } from '../evaluators/signal-outcome';
import type { DatasetItem } from '../datasets/dataset.types';
import type { Experiment, ExperimentSummary } from './experiment.types';
import { ScoreSinks } from './score-sinks';

/** Items of one experiment in flight at once: enough to keep the queue busy, few enough to leave room for others. */
const ITEMS_IN_FLIGHT = 8;
const WAIT_SLICE_MS = 1000;

/**
 * Runs an experiment's items through the normal task queue (at the experiment's priority, one
 * task per item, idempotent per item so a restart resumes without duplicates), scores each
 * output with the experiment's evaluators, and writes the summary. Runs left `running` by a
 * stopped process resume at start-up.
 */
@Injectable()
export class ExperimentRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: BaseLogger;
  /** Experiments executing in this process; bounded by those accepted and not yet finished. */
  private readonly active = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    logger: BaseLogger,
    private readonly tasks: TaskService,
    private readonly datasets: DatasetRepository,
    private readonly experiments: ExperimentRepository,
    private readonly clock: Clock,
    private readonly sinks: ScoreSinks,
  ) {
    this.logger = logger.child({ component: 'evaluations' });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const experiment of await this.experiments.running()) this.start(experiment);
  }

  onApplicationShutdown(): void {
    this.stopping = true;
  }

  start(experiment: Experiment): void {
    if (this.active.has(experiment.id)) return;
    const done = this.run(experiment)
      .catch((err) => this.logger.error({ err, experimentId: experiment.id }, 'Experiment failed unexpectedly'))
      .finally(() => this.active.delete(experiment.id));
    this.active.set(experiment.id, done);
  }

  /** Resolves when the experiment finished here, or after `ms`. */
  async settled(id: string, ms: number): Promise<void> {
    const active = this.active.get(id);
    if (!active) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([active, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  private async run(experiment: Experiment): Promise<void> {
    const { evaluators } = Evaluators.compile(experiment.evaluators);
    const items = new Map(
      (await this.datasets.items(experiment.tenant, experiment.datasetId, experiment.datasetVersion)).map((i) => [
        i.id,
        i,
      ]),
    );
    const pending = (await this.experiments.items(experiment.tenant, experiment.id)).filter(
      (i) => i.status === 'pending',
    );
    let next = 0;
    const worker = async () => {
      while (!this.stopping && next < pending.length) {
        const row = pending[next++];
        const item = items.get(row.itemId);
        if (item) await this.runItem(experiment, item, evaluators!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(ITEMS_IN_FLIGHT, pending.length) }, worker));
    if (this.stopping) return;
    const results = await this.experiments.items(experiment.tenant, experiment.id);
    await this.experiments.finish(
      experiment.tenant,
      experiment.id,
      'succeeded',
      summarise(results, evaluators!, items),
      this.clock.now(),
    );
  }

  /** LLM-as-judge: a market_commentary task on the configured LLM, through the same queue. */
  private async judge(
    experiment: Experiment,
    item: DatasetItem,
    judge: { index: number; criteria: string },
    input: unknown,
    output: unknown,
  ): Promise<number | null> {
    let context: unknown = { input, expectedOutput: item.expectedOutput, output };
    // The LLM model takes at most 64 KB of context: a large input is left out before the output is.
    if (Buffer.byteLength(JSON.stringify(context)) > JUDGE_CONTEXT_BYTES)
      context = { expectedOutput: item.expectedOutput, output };
    if (Buffer.byteLength(JSON.stringify(context)) > JUDGE_CONTEXT_BYTES) return null;
    const { task } = await this.tasks.create({
      tenant: experiment.tenant,
      principalId: experiment.createdBy,
      type: 'market_commentary',
      priority: experiment.priority,
      input: { question: judgeQuestion(judge.criteria), context },
      options: { cache: false },
      idempotencyKey: `exp:${experiment.id}:${item.id}:judge:${judge.index}`,
    });
    let current = task;
    while (!isFinal(current.status) && !this.stopping)
      current = await this.tasks.waitForFinal(experiment.tenant, task.id, WAIT_SLICE_MS);
    if (current.status !== 'succeeded') return null;
    return judgeScore(String((current.result as { text?: string } | null)?.text ?? ''));
  }

  private async runItem(experiment: Experiment, item: DatasetItem, evaluators: Evaluators): Promise<void> {
    const { target } = experiment;
    const input =
      target.parameters && typeof item.input === 'object' && item.input !== null
        ? { ...(item.input as object), ...target.parameters }
        : item.input;
    try {
      // Each item's task is a trace of its own, so an item's trace is its task's.
      const { task } = await trace.getTracer('evaluations').startActiveSpan(
        `evaluation.item ${experiment.name}`,
        {
          root: true,
          attributes: {
            'tenant.id': experiment.tenant,
            'evaluation.experiment_id': experiment.id,
            'evaluation.item_id': item.id,
            ...(target.modelVersion ? { 'evaluation.model_version': target.modelVersion } : {}),
          },
        },
        async (span) => {
          try {
            return await this.tasks.create({
              tenant: experiment.tenant,
              principalId: experiment.createdBy,
              type: target.taskType as TaskType,
              model: target.model,
              priority: experiment.priority,
              input,
              // One task per item and experiment, even when a restart runs the item again.
              idempotencyKey: `exp:${experiment.id}:${item.id}`,
            });
          } finally {
            span.end();
          }
        },
      );
      await this.experiments.recordTask(experiment.tenant, experiment.id, item.id, task.id, task.traceId);
      let current = task;
      while (!isFinal(current.status) && !this.stopping)
        current = await this.tasks.waitForFinal(experiment.tenant, task.id, WAIT_SLICE_MS);
      if (this.stopping) return;
      if (current.status !== 'succeeded') {
        await this.experiments.finishItem(
          experiment.tenant,
          experiment.id,
          item.id,
          {
            status: 'failed',
            output: null,
            error: current.error ?? { code: 'TASK_FAILED', message: `task ${current.status}` },
            scores: {},
          },
          this.clock.now(),
        );
        return;
      }
      const { scores } = evaluators.score(input, item.expectedOutput, current.result);
      for (const judge of evaluators.judges)
        scores[judge.index === 0 || evaluators.judges.length === 1 ? 'llm_judge' : `llm_judge:${judge.index}`] =
          await this.judge(experiment, item, judge, input, current.result);
      await this.experiments.finishItem(
        experiment.tenant,
        experiment.id,
        item.id,
        { status: 'succeeded', output: current.result, error: null, scores },
        this.clock.now(),
      );
      // On the item's trace too (and so in Langfuse); the experiment's own record is already kept.
      if (current.traceId && this.sinks.current)
        await this.sinks.current
          .record(experiment.tenant, current.traceId, scores, `experiment ${experiment.name} (${experiment.id})`)
          .catch((err: unknown) => this.logger.warn({ err, experimentId: experiment.id }, 'Could not score the trace'));
    } catch (err) {
      const e = err as { code?: string; message: string };
      await this.experiments.finishItem(
        experiment.tenant,
        experiment.id,
        item.id,
        { status: 'failed', output: null, error: { code: e.code ?? 'INTERNAL', message: e.message }, scores: {} },
        this.clock.now(),
      );
    }
  }
}

const JUDGE_CONTEXT_BYTES = 60 * 1024;

/** The judge's question: the criteria, and a reply that is one number. */
function judgeQuestion(criteria: string): string {
  return (
    'You are grading the output of a model on one test case. Criteria: ' +
    criteria +
    ' Using the case input, the expected output (may be null) and the actual output in the context, ' +
    'reply with one number from 0 (fails the criteria) to 1 (fully meets them) and nothing else.'
  );
}

/** The first number in the judge's reply, clamped to 0..1; null when there is none. */
export function judgeScore(text: string): number | null {
  const match = /-?\d+(?:\.\d+)?/.exec(text);
  if (!match) return null;
  return Math.min(1, Math.max(0, Number(match[0])));
}

/** Means of every score name over the items it applied to, and the signal aggregates. */
export function summarise(
  results: { status: string; scores: ItemScores; output: unknown; itemId: string }[],
  evaluators: Evaluators,
  items: Map<string, DatasetItem>,
): ExperimentSummary {
  const sums = new Map<string, { total: number; count: number }>();
  for (const r of results)
    for (const [name, value] of Object.entries(r.scores)) {
      const s = sums.get(name) ?? { total: 0, count: 0 };
      if (value !== null) {
        s.total += value;
        s.count++;
      }
      sums.set(name, s);
    }
  const hasSignals = evaluators.specs.some((s) => s.type === 'signal_outcome');
  const outcomes: SignalOutcome[] = [];
  if (hasSignals)
    for (const r of results) {
      const item = items.get(r.itemId);
      if (r.status !== 'succeeded' || !item) continue;
      const { signal } = evaluators.score(item.input, item.expectedOutput, r.output);
      if (signal) outcomes.push(signal);
    }
  return {
    succeeded: results.filter((r) => r.status === 'succeeded').length,
    failed: results.filter((r) => r.status === 'failed').length,
    scores: [...sums].map(([name, s]) => ({ name, mean: s.count ? s.total / s.count : null, count: s.count })),
    signals: hasSignals ? aggregateSignals(outcomes) : null,
  };
}
