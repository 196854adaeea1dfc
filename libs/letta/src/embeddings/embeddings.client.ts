/**
 * Client of an OpenAI-compatible embeddings endpoint: POST {baseUrl}/embeddings with
 * `{ model, input: string[] }`, answered by `{ data: [{ index, embedding: number[] }] }`.
 * OpenAI, Azure OpenAI, Ollama, vLLM and LM Studio all speak it; baseUrl includes the version
 * segment as their SDKs expect (e.g. http://localhost:11434/v1).
 */
export interface EmbeddingsClientOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

export class EmbeddingsError extends Error {
  override readonly name = 'EmbeddingsError';
}

// A response larger than this is not an embeddings answer we asked for; refuse to buffer it.
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export class EmbeddingsClient {
  private readonly url: string;

  constructor(private readonly options: EmbeddingsClientOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/embeddings`;
  }

  get model(): string {
    return this.options.model;
  }

  async embed(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: this.options.model, input: texts }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      const e = err as Error;
      throw new EmbeddingsError(
        e.name === 'TimeoutError'
          ? `embeddings endpoint timed out after ${this.options.timeoutMs} ms`
          : `embeddings endpoint unreachable: ${e.message}`,
      );
    }
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_RESPONSE_BYTES) throw new EmbeddingsError('embeddings response too large');
    const text = await response.text();
    if (!response.ok)
      throw new EmbeddingsError(`embeddings endpoint answered ${response.status}: ${text.slice(0, 200)}`);
    return parseEmbeddings(text, texts.length);
  }
}

/** Checks the answer: one finite vector per input, all of one dimension, put back in input order. */
export function parseEmbeddings(body: string, expected: number): number[][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new EmbeddingsError('embeddings response is not JSON');
  }
  const data = (parsed as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length !== expected)
    throw new EmbeddingsError(`embeddings response must hold ${expected} vectors`);
  const out: number[][] = new Array(expected);
  data.forEach((item: { index?: unknown; embedding?: unknown }, i) => {
    const index = typeof item?.index === 'number' ? item.index : i;
    const v = item?.embedding;
    if (!Number.isInteger(index) || index < 0 || index >= expected || out[index])
      throw new EmbeddingsError('embeddings response has a bad index');
    if (!Array.isArray(v) || v.length === 0 || !v.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      throw new EmbeddingsError('embeddings response holds a vector that is not a list of numbers');
    }
    out[index] = v as number[];
  });
  if (out.some((v) => v.length !== out[0].length)) throw new EmbeddingsError('embeddings response mixes dimensions');
  return out;
}
