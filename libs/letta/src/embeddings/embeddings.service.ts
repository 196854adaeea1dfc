import { Injectable } from '@nestjs/common';
import { BaseLogger, LettaSettings, ProviderBreaker, ProviderBreakers } from '@app/infrastructure';
import { EmbeddingsClient } from './embeddings.client';

export interface EmbeddingsStatus {
  configured: boolean;
  model: string | null;
  requests: number;
  failures: number;
  lastError: string | null;
  /** Whether the most recent request failed (search is then full-text only). */
  lastFailed: boolean;
}

/**
 * Optional semantic search. Unconfigured, every method answers "no embedding" and search runs
 * on full text alone. A failing endpoint never fails a write: the memory is stored without an
 * embedding (it still matches by full text) and the failure shows in /status.
 */
@Injectable()
export class EmbeddingsService {
  private readonly client: EmbeddingsClient | undefined;
  private readonly logger: BaseLogger;
  private requests = 0;
  private failures = 0;
  private lastError: string | null = null;
  private lastFailed = false;
  private readonly breaker: ProviderBreaker;

  constructor(settings: LettaSettings, logger: BaseLogger, breakers: ProviderBreakers) {
    const { baseUrl, model, apiKey, timeoutMs } = settings.embeddings;
    this.client =
      baseUrl && model ? new EmbeddingsClient({ baseUrl, model, apiKey: apiKey || undefined, timeoutMs }) : undefined;
    this.logger = logger.child({ component: 'letta.embeddings' });
    this.breaker = breakers.get('embeddings');
  }

  get configured(): boolean {
    return this.client !== undefined;
  }

  /** One vector per text, or null for all when unconfigured or the endpoint failed. */
  async embed(texts: string[]): Promise<Array<number[] | null>> {
    if (!this.client || texts.length === 0) return texts.map(() => null);
    this.requests++;
    try {
      // While the circuit is open the endpoint is not called: writes go on full-text only at once.
      const client = this.client;
      const vectors = await this.breaker.execute(() => client.embed(texts));
      this.lastFailed = false;
      return vectors;
    } catch (err) {
      this.failures++;
      this.lastFailed = true;
      this.lastError = (err as Error).message;
      this.logger.warn(
        { err: this.lastError, count: texts.length },
        'embedding failed; continuing with full-text only',
      );
      return texts.map(() => null);
    }
  }

  status(): EmbeddingsStatus {
    return {
      configured: this.configured,
      model: this.client?.model ?? null,
      requests: this.requests,
      failures: this.failures,
      lastError: this.lastError,
      lastFailed: this.lastFailed,
    };
  }
}
