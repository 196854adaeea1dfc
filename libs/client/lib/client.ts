import { randomUUID } from 'node:crypto';
import createFetchClient, { type Client as FetchClient, type Middleware } from 'openapi-fetch';
import type { HttpMethod, MediaType } from 'openapi-typescript-helpers';
import { ApiError } from './errors';
import { retryingFetch, type RetryOptions } from './retry';
import { readSse, type SseEvent, type SseOptions } from './sse';
import type { InitArg, InitOf, ItemOf, ListPath, PathOf, ResultOf, paths } from './types';
import { AgentsApi, MemoryApi, TasksApi, WorkflowsApi } from './resources';

export interface ClientOptions {
  /** The service's base URL, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** An API key (sent as `X-API-Key`). */
  apiKey?: string;
  /** A bearer token (HS256 JWT), instead of an API key. */
  token?: string;
  /** Retries of 429 and 503 answers; `{ maxAttempts: 1 }` turns them off. */
  retry?: RetryOptions;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** A fetch implementation (default the global one). */
  fetch?: typeof globalThis.fetch;
}

type Call<M extends HttpMethod> = <P extends PathOf<M>, Init extends InitOf<M, P>>(
  path: P,
  ...init: InitArg<Init>
) => Promise<ResultOf<M, P, Init>>;

/** Adds an Idempotency-Key to every POST that has none, so a retried create never runs twice. */
const idempotency: Middleware = {
  onRequest({ request }) {
    if (request.method === 'POST' && !request.headers.has('idempotency-key'))
      request.headers.set('idempotency-key', randomUUID());
    return request;
  },
};

function unwrap(body: unknown): unknown {
  return typeof body === 'object' && body !== null && (body as { success?: unknown }).success === true
    ? (body as { data: unknown }).data
    : body;
}

/**
 * The typed client of the AI Orchestration Service. `get`/`post`/`put`/`patch`/`delete` reach
 * every operation by its path, typed from the service's OpenAPI document, and return the `data`
 * of the success envelope or throw an ApiError. The resource groups add the common flows.
 */
export class OrchestrationClient {
  /** The underlying openapi-fetch client (auth, idempotency and retries applied), for raw responses. */
  readonly raw: FetchClient<paths, MediaType>;
  readonly get: Call<'get'>;
  readonly post: Call<'post'>;
  readonly put: Call<'put'>;
  readonly patch: Call<'patch'>;
  readonly delete: Call<'delete'>;
  readonly tasks: TasksApi;
  readonly workflows: WorkflowsApi;
  readonly memory: MemoryApi;
  readonly agents: AgentsApi;
  private readonly headers: Record<string, string>;
  private readonly fetchImpl: typeof globalThis.fetch;

  constructor(readonly options: ClientOptions) {
    if (options.apiKey && options.token) throw new Error('give either apiKey or token, not both');
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.headers = {
      ...options.headers,
      ...(options.apiKey ? { 'x-api-key': options.apiKey } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    };
    const base = (request: Request) => this.fetchImpl(request);
    this.raw = createFetchClient<paths>({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      headers: this.headers,
      fetch: retryingFetch(base, options.retry),
    });
    this.raw.use(idempotency);
    this.get = this.caller('GET');
    this.post = this.caller('POST');
    this.put = this.caller('PUT');
    this.patch = this.caller('PATCH');
    this.delete = this.caller('DELETE');
    this.tasks = new TasksApi(this);
    this.workflows = new WorkflowsApi(this);
    this.memory = new MemoryApi(this);
    this.agents = new AgentsApi(this);
  }

  private caller<M extends HttpMethod>(method: Uppercase<M>): Call<M> {
    return (async (path: string, init?: Record<string, unknown>) => {
      const { data, error, response } = await (this.raw.request as any)(method.toLowerCase(), path, init);
      if (!response.ok || error !== undefined) throw ApiError.fromBody(response, error);
      return unwrap(data);
    }) as Call<M>;
  }

  /**
   * Every item of a cursor-paginated list, page after page (`for await (const t of
   * client.paginate('/api/v1/ai-orchestration/tasks', { params: { query: { limit: 50 } } }))`).
   * Stops after `maxPages` pages (default 1000).
   */
  async *paginate<P extends ListPath>(
    path: P,
    init: { params?: Record<string, any> } = {},
    { maxPages = 1000 }: { maxPages?: number } = {},
  ): AsyncGenerator<ItemOf<P>> {
    let cursor: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const query = { ...init.params?.query, ...(cursor ? { cursor } : {}) };
      const result = (await (this.get as any)(path, { ...init, params: { ...init.params, query } })) as {
        items?: ItemOf<P>[];
        nextCursor?: string | null;
      };
      for (const item of result.items ?? []) yield item;
      if (!result.nextCursor) return;
      cursor = result.nextCursor;
    }
  }

  /** A Server-Sent Events stream of the service as an async iterator (see readSse). */
  stream<T>(
    path: string,
    options: SseOptions & {
      query?: Record<string, string | number>;
      isLast?: (e: SseEvent<T>) => boolean;
    } = {},
  ): AsyncGenerator<SseEvent<T>> {
    const url = new URL(this.options.baseUrl.replace(/\/+$/, '') + path);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, String(value));
    return readSse<T>(
      {
        url: url.toString(),
        headers: this.headers,
        fetch: this.fetchImpl,
        isLast: options.isLast,
      },
      options,
    );
  }
}

/** Creates a client: `createClient({ baseUrl: 'http://127.0.0.1:3000', apiKey: '<your API key>' })`. */
export function createClient(options: ClientOptions): OrchestrationClient {
  return new OrchestrationClient(options);
}
