import { Injectable } from '@nestjs/common';
import { AppError } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { aggregate, type Aggregate, type BatchPart } from './aggregate';
import { isSettled, succeeded, type OperationOutcome, type StartedOperation } from './operation-outcome';
import { OperationRunner } from './operation-runner';
import type { Aggregation, BatchMode, OperationDto } from './operation.dto';

type Start = { started: StartedOperation; part?: undefined } | { part: BatchPart; started?: undefined };

export interface BatchOutcome extends Aggregate {
  mode: BatchMode;
  aggregate: Aggregation;
  parts: BatchPart[];
}

/** A part that never started: no task or run, only why. */
function unstarted(
  op: OperationDto,
  index: number,
  status: 'skipped' | 'failed',
  error: BatchPart['error'],
): BatchPart {
  return { index, operation: op.operation, status, id: null, result: null, error, links: {} };
}

function skipped(op: OperationDto, index: number, message: string): BatchPart {
  return unstarted(op, index, 'skipped', { code: 'SKIPPED', message });
}

/** A part that could not start: the library's refusal (404, 409, 503 …) is that part's error, not the batch's. */
function refused(op: OperationDto, index: number, err: AppError): BatchPart {
  const details = err.details !== undefined ? { details: err.details } : {};
  return unstarted(op, index, 'failed', { code: err.code, message: err.message, ...details });
}

/**
 * Runs a batch of validated operations within one wait budget and aggregates their outcomes.
 * Parts still moving when the budget runs out are reported as they stand (with their links);
 * sequential parts never started are `skipped`, so nothing is accepted that the answer does not name.
 */
@Injectable()
export class BatchExecutor {
  constructor(private readonly runner: OperationRunner) {}

  async run(
    principal: Principal,
    ops: OperationDto[],
    mode: BatchMode,
    how: Aggregation,
    waitMs: number,
  ): Promise<BatchOutcome> {
    const deadline = Date.now() + waitMs;
    const { parts, completed } =
      mode === 'parallel'
        ? await this.parallel(principal, ops, how, deadline)
        : await this.sequential(principal, ops, how, deadline);
    return { mode, aggregate: how, parts, ...aggregate(how, parts, completed) };
  }

  private async start(principal: Principal, op: OperationDto, index: number): Promise<Start> {
    try {
      return { started: await this.runner.start(principal, op) };
    } catch (err) {
      if (err instanceof AppError) return { part: refused(op, index, err) };
      throw err;
    }
  }

  private async parallel(principal: Principal, ops: OperationDto[], how: Aggregation, deadline: number) {
    const starts = await Promise.allSettled(ops.map((op, i) => this.start(principal, op, i)));
    const failure = starts.find((s) => s.status === 'rejected');
    if (failure) throw failure.reason;
    const parts: BatchPart[] = [];
    const completed: number[] = [];
    const moving: { index: number; started: StartedOperation }[] = [];
    for (const [index, s] of (starts as PromiseFulfilledResult<Start>[]).entries()) {
      const { part, started } = s.value;
      if (part) {
        parts[index] = part;
        completed.push(index);
      } else {
        parts[index] = { index, ...started.outcome };
        if (isSettled(started.outcome)) completed.push(index);
        else moving.push({ index, started });
      }
    }
    const enough = () => how === 'first' && completed.some((i) => succeeded(parts[i]));
    if (!moving.length || enough()) return { parts, completed };
    await new Promise<void>((resolve) => {
      let left = moving.length;
      for (const { index, started } of moving) {
        started
          .wait(Math.max(0, deadline - Date.now()))
          .catch((): OperationOutcome => parts[index])
          .then((outcome) => {
            parts[index] = { index, ...outcome };
            if (isSettled(outcome)) completed.push(index);
            if (--left === 0 || enough()) resolve();
          });
      }
    });
    return { parts, completed };
  }

  private async sequential(principal: Principal, ops: OperationDto[], how: Aggregation, deadline: number) {
    const parts: BatchPart[] = [];
    const completed: number[] = [];
    let stop: string | null = null;
    for (const [index, op] of ops.entries()) {
      if (stop !== null) {
        parts.push(skipped(op, index, stop));
        continue;
      }
      const start = await this.start(principal, op, index);
      let part: BatchPart;
      if (start.part) part = start.part;
      else {
        const { started } = start;
        const left = deadline - Date.now();
        const outcome = isSettled(started.outcome) || left <= 0 ? started.outcome : await started.wait(left);
        part = { index, ...outcome };
      }
      parts.push(part);
      if (!isSettled(part)) {
        stop = `not started: operations[${index}] had not settled within the wait`;
        continue;
      }
      completed.push(index);
      if (how === 'first' && succeeded(part)) stop = `not needed: operations[${index}] succeeded first`;
      else if (how !== 'first' && !succeeded(part)) stop = `not started: operations[${index}] ended ${part.status}`;
    }
    return { parts, completed };
  }
}
