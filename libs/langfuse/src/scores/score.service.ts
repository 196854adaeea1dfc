import { Injectable } from '@nestjs/common';
import { LangfuseClient } from '@langfuse/client';
import { AppError, isSystemAdmin, newId, type Principal } from '@app/infrastructure';
import { TraceQueryService } from '../api/trace-query.service';
import { TraceStoreRepository } from '../persistence/trace-store.repository';
import { Score, ScoreDataType } from '../traces/trace-store.types';
import { TracingRuntime } from '../tracing/tracing-runtime';
import { langfuseConfigured } from '../tracing/exporters';

export interface ScoreInput {
  name: string;
  value: unknown;
  dataType: ScoreDataType;
  comment?: string;
  observationId?: string;
}

// Sends waiting for Langfuse at once; beyond it a score is stored and marked failed at once,
// so a slow Langfuse cannot pile up requests in memory.
const MAX_IN_FLIGHT = 100;
// Langfuse's rule for an environment name; any other is left out rather than refused.
const LANGFUSE_ENVIRONMENT = /^(?!langfuse)[a-z0-9_-]{1,40}$/;

/** Checks a score's value against its data type; Langfuse wants BOOLEAN as 1/0. */
export function normaliseScoreValue(dataType: ScoreDataType, value: unknown): number | string {
  const invalid = (message: string) => AppError.validation([{ field: 'value', message }]);
  switch (dataType) {
    case 'NUMERIC':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw invalid('must be a finite number for dataType NUMERIC');
      }
      return value;
    case 'BOOLEAN':
      if (value === true || value === 1) return 1;
      if (value === false || value === 0) return 0;
      throw invalid('must be true, false, 1 or 0 for dataType BOOLEAN');
    case 'CATEGORICAL':
      if (typeof value !== 'string' || value.length === 0 || value.length > 500) {
        throw invalid('must be a string of 1 to 500 characters for dataType CATEGORICAL');
      }
      return value;
  }
}

/**
 * Scores on traces: stored locally, and sent to Langfuse (through @langfuse/client's public
 * scores API, one request per score, in the background, with the tenant in its metadata) when
 * Langfuse is configured. The row records whether Langfuse accepted it.
 *
 * A caller scores only a trace part it can read (another tenant's trace is not found), and the
 * score belongs to that part's tenant. Without the local store nothing shows whose a trace is,
 * so only the system admin may score then.
 */
@Injectable()
export class ScoreService {
  private readonly client: LangfuseClient | null;
  private readonly pending = new Set<Promise<void>>();
  private readonly timeoutSeconds: number;

  constructor(
    private readonly repository: TraceStoreRepository,
    private readonly traces: TraceQueryService,
    private readonly runtime: TracingRuntime,
  ) {
    const s = runtime.config.aiComponents.langfuse;
    this.timeoutSeconds = s.export.timeoutMs / 1000;
    this.client =
      runtime.enabled && langfuseConfigured(s)
        ? new LangfuseClient({
            publicKey: s.publicKey,
            secretKey: s.secretKey,
            baseUrl: s.baseUrl.replace(/\/+$/, ''),
            timeout: this.timeoutSeconds,
          })
        : null;
  }

  get sendsToLangfuse(): boolean {
    return this.client !== null;
  }

  /** Scores the caller's part of a trace (`tenant`: the system admin's choice of part). */
  async create(caller: Principal, traceId: string, input: ScoreInput, tenant?: string): Promise<Score> {
    const value = normaliseScoreValue(input.dataType, input.value);
    const owner = await this.ownerOf(caller, traceId, input.observationId, tenant);
    const score: Score = {
      id: newId(),
      traceId,
      tenant: owner,
      observationId: input.observationId ?? null,
      name: input.name,
      dataType: input.dataType,
      value,
      comment: input.comment ?? null,
      principalId: caller.id,
      createdAt: new Date(),
      langfuse: this.client ? 'pending' : 'not_configured',
    };
    await this.repository.insertScore(score);
    if (this.client) {
      if (this.pending.size >= MAX_IN_FLIGHT) {
        this.runtime.telemetry.dropped('langfuse_scores', 1);
        score.langfuse = 'failed';
        await this.repository.setScoreDelivery(score.id, 'failed');
      } else {
        const sending = this.send(this.client, score).finally(() => this.pending.delete(sending));
        this.pending.add(sending);
      }
    }
    return score;
  }

  /** The tenant of the trace part being scored; NOT_FOUND when the caller cannot read it. */
  private async ownerOf(
    caller: Principal,
    traceId: string,
    observationId: string | undefined,
    tenant?: string,
  ): Promise<string | null> {
    if (!this.runtime.localStore) {
      if (!isSystemAdmin(caller)) throw AppError.notFound('Trace', traceId);
      return tenant ?? null;
    }
    const trace = await this.traces.find(caller, traceId, tenant);
    if (observationId !== undefined && !(await this.repository.hasObservation(trace, observationId))) {
      throw AppError.notFound('Observation', observationId);
    }
    return trace.tenant;
  }

  private async send(client: LangfuseClient, score: Score): Promise<void> {
    const environment = this.runtime.config.service.environment;
    let delivery: 'sent' | 'failed' = 'sent';
    try {
      await client.api.scores.create(
        {
          id: score.id,
          traceId: score.traceId,
          observationId: score.observationId ?? undefined,
          name: score.name,
          value: score.value,
          dataType: score.dataType,
          comment: score.comment ?? undefined,
          metadata: score.tenant === null ? undefined : { tenant: score.tenant },
          environment: LANGFUSE_ENVIRONMENT.test(environment) ? environment : undefined,
        },
        { maxRetries: 0, timeoutInSeconds: this.timeoutSeconds },
      );
      this.runtime.telemetry.exported('langfuse_scores', 1);
    } catch (err) {
      delivery = 'failed';
      this.runtime.telemetry.failed('langfuse_scores', 1, err);
    }
    await this.repository.setScoreDelivery(score.id, delivery).catch(() => undefined);
  }

  /**
   * Waits for scores on their way to Langfuse (shutdown, tests), for at most `withinMs`; returns
   * how many were still on their way then (their rows stay `pending`).
   */
  async flush(withinMs = Number.POSITIVE_INFINITY): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      if (Number.isFinite(withinMs)) timer = setTimeout(resolve, withinMs);
    });
    await Promise.race([Promise.all([...this.pending]), late]);
    clearTimeout(timer);
    return this.pending.size;
  }
}
