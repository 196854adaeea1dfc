import { Injectable } from '@nestjs/common';
import type { ItemScores } from '../evaluators/evaluator.types';

/** Where an item's scores go besides the experiment: the item's trace (and Langfuse), in the gateway. */
export interface ItemScoreSink {
  record(tenant: string, traceId: string, scores: ItemScores, comment: string): Promise<void>;
}

/**
 * The plug for the trace-score sink (dependency inversion: this library may not import the
 * tracing library; the gateway, which composes both, registers a sink at start-up).
 */
@Injectable()
export class ScoreSinks {
  private sink: ItemScoreSink | null = null;

  use(sink: ItemScoreSink | null): void {
    this.sink = sink;
  }

  get current(): ItemScoreSink | null {
    return this.sink;
  }
}
