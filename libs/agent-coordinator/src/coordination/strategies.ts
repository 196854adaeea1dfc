import type { MessageError } from '../messages/message.types';
import { Ballot, healthWeightedVote, SIGNAL_ACTIONS, SignalAction } from './consensus-vote';
import type { RunStatus, RunStep } from './run.types';
import { StepRunner } from './step-runner';

export { StepRunner } from './step-runner';

export interface StrategyOutcome {
  status: RunStatus;
  result: unknown;
  error: MessageError | null;
}

/** Each agent in turn; from the second on, the payload carries `previous` (the last step's output). */
export async function runSequential(runner: StepRunner, input: unknown): Promise<StrategyOutcome> {
  let previous: RunStep | null = null;
  for (const [i, step] of runner.steps.entries()) {
    const payload = previous ? withPrevious(input, previous) : input;
    await runner.execute(step, payload);
    if (step.status !== 'succeeded') {
      for (const later of runner.steps.slice(i + 1))
        await runner.skip(later, `step ${i} (${step.agentName}) did not succeed`);
      return {
        status: step.status === 'timed_out' ? 'timed_out' : 'failed',
        result: { completedSteps: i, failedStep: i },
        error: {
          code: step.error?.code ?? 'STEP_FAILED',
          message: `Step ${i} (${step.agentName}) ${step.status}: ${step.error?.message ?? ''}`.trim(),
        },
      };
    }
    previous = step;
  }
  const last = runner.steps[runner.steps.length - 1];
  return {
    status: 'succeeded',
    result: { completedSteps: runner.steps.length, output: last?.output ?? null },
    error: null,
  };
}

/** Every agent at once; the run reports each one, and is partial when some fail. */
export async function runParallel(runner: StepRunner, input: unknown): Promise<StrategyOutcome> {
  await Promise.all(runner.steps.map((step) => runner.execute(step, input)));
  return summarise(runner.steps, {
    succeeded: count(runner.steps, 'succeeded'),
    failed: runner.steps.length - count(runner.steps, 'succeeded'),
  });
}

/** Every agent's trading signal, combined by a health-weighted vote (consensus-vote.ts). */
export async function runConsensus(runner: StepRunner, input: unknown): Promise<StrategyOutcome> {
  await Promise.all(runner.steps.map((step) => runner.execute(step, input)));
  const ballots: Ballot[] = [];
  for (const step of runner.steps) {
    if (step.status !== 'succeeded') continue;
    const signal = step.output as { action?: unknown; confidence?: unknown } | null;
    if (!signal || !SIGNAL_ACTIONS.includes(signal.action as SignalAction)) {
      step.status = 'failed';
      step.error = { code: 'INVALID_SIGNAL', message: 'The reply has no action of buy, sell or hold' };
      continue;
    }
    ballots.push({
      agentId: step.agentId,
      agentName: step.agentName,
      action: signal.action as SignalAction,
      confidence: typeof signal.confidence === 'number' ? signal.confidence : null,
      weight: step.healthAtStart / 100,
    });
  }
  if (!ballots.length) {
    const timedOut = runner.steps.every((s) => s.status === 'timed_out');
    return {
      status: timedOut ? 'timed_out' : 'failed',
      result: null,
      error: { code: 'NO_VOTES', message: 'No agent returned a valid trading signal' },
    };
  }
  const vote = healthWeightedVote(ballots);
  const failed = runner.steps
    .filter((s) => s.status !== 'succeeded')
    .map((s) => ({ agentId: s.agentId, agentName: s.agentName, status: s.status, error: s.error }));
  return { status: failed.length ? 'partial' : 'succeeded', result: { ...vote, failed }, error: null };
}

function summarise(steps: RunStep[], result: unknown): StrategyOutcome {
  const ok = count(steps, 'succeeded');
  if (ok === steps.length) return { status: 'succeeded', result, error: null };
  if (ok > 0) return { status: 'partial', result, error: null };
  const timedOut = steps.every((s) => s.status === 'timed_out');
  return {
    status: timedOut ? 'timed_out' : 'failed',
    result,
    error: { code: timedOut ? 'TIMEOUT' : 'ALL_FAILED', message: 'No agent succeeded' },
  };
}

function count(steps: RunStep[], status: RunStep['status']): number {
  return steps.filter((s) => s.status === status).length;
}

function withPrevious(input: unknown, previous: RunStep): unknown {
  const carried = {
    agentId: previous.agentId,
    agentName: previous.agentName,
    task: previous.task,
    output: previous.output,
  };
  return typeof input === 'object' && input !== null && !Array.isArray(input)
    ? { ...(input as Record<string, unknown>), previous: carried }
    : { input, previous: carried };
}
