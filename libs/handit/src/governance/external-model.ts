import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ProviderBreaker } from '@app/infrastructure';
import type { AssetClass } from '../quant';
import { TaskExecutionError } from '../tasks/task-errors';
import type { TaskType } from '../tasks/task.types';
import type { ModelDescriptor, ModelInvocation, ModelOutput, SpecialistModel } from '../models/specialist-model';
import type { ExternalEndpoint, ModelVersion, UserModel } from './governance.types';
import { providerStatusError, throughBreaker, tokenUsage } from './provider-call';
import { resultProblems } from './result-schemas';

const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
const SYSTEM_PROMPT =
  'You compute one task of a trading platform. Reply with a single JSON object: the task result, nothing else.';

/** The value of an external model's secret reference, read when it is called (rotations apply at once). */
export type SecretReader = (name: string) => string | undefined;

/**
 * A model version computed over HTTP, behind its own circuit breaker. `json`: POST the task
 * (`{ type, input }`) and read the result as the body. `openai`: a chat completion whose reply is
 * the result as JSON. Either way the result is checked against the task type's result schema; an
 * answer that breaks it fails the task with MODEL_RESPONSE_INVALID naming the offending fields.
 */
export class ExternalModel implements SpecialistModel {
  private readonly endpoint: ExternalEndpoint;

  constructor(
    private readonly owner: UserModel,
    readonly version: ModelVersion,
    private readonly breaker: ProviderBreaker,
    private readonly secret: SecretReader,
  ) {
    this.endpoint = version.external as ExternalEndpoint;
  }

  describe(): ModelDescriptor {
    return {
      id: this.owner.id,
      name: this.owner.name,
      version: this.version.version,
      provider: 'external',
      description: this.owner.description,
      assetClasses: this.owner.assetClasses as AssetClass[],
      taskTypes: this.owner.taskTypes,
      status: 'available',
      parameters: {
        protocol: this.endpoint.protocol,
        url: this.endpoint.url,
        ...(this.endpoint.model ? { model: this.endpoint.model } : {}),
        timeoutMs: this.endpoint.timeoutMs,
        ...(this.endpoint.secretRef ? { secretRef: this.endpoint.secretRef } : {}),
      },
    };
  }

  circuit(): ProviderBreaker {
    return this.breaker;
  }

  validateInput(type: TaskType): { field: string; message: string }[] {
    return this.owner.taskTypes.includes(type)
      ? []
      : [{ field: 'type', message: `${this.owner.id} does not serve ${type}` }];
  }

  prepareInput(_type: TaskType, input: unknown): unknown {
    return input;
  }

  async execute(invocation: ModelInvocation): Promise<ModelOutput> {
    const output = await throughBreaker(this.breaker, async () => {
      const answered = this.endpoint.protocol === 'openai' ? await this.chat(invocation) : await this.post(invocation);
      const problems = resultProblems(invocation.type, answered.result);
      if (problems.length)
        throw new TaskExecutionError(
          'MODEL_RESPONSE_INVALID',
          `External model ${this.owner.id}@${this.version.version} answered a result that breaks the ` +
            `${invocation.type} result schema: ${problems.join('; ')}`,
          false,
          { problems },
        );
      return answered;
    });
    return output;
  }

  private credential(): string | undefined {
    return this.endpoint.secretRef ? this.secret(this.endpoint.secretRef) : undefined;
  }

  private headers(): Record<string, string> {
    const value = this.credential();
    if (!value) return {};
    const header = this.endpoint.authHeader ?? 'Authorization';
    return { [header]: header.toLowerCase() === 'authorization' ? `Bearer ${value}` : value };
  }

  private async post(invocation: ModelInvocation): Promise<ModelOutput> {
    const signal = AbortSignal.any([invocation.signal, AbortSignal.timeout(this.endpoint.timeoutMs)]);
    let response: Response;
    try {
      response = await fetch(this.endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...this.headers() },
        body: JSON.stringify({ type: invocation.type, input: invocation.input }),
        signal,
      });
    } catch (err) {
      if (invocation.signal.aborted) throw invocation.signal.reason;
      if ((err as Error).name === 'TimeoutError')
        throw new TaskExecutionError(
          'PROVIDER_TIMEOUT',
          `External model did not answer in ${this.endpoint.timeoutMs} ms`,
          true,
        );
      throw new TaskExecutionError('PROVIDER_ERROR', `External model unreachable: ${(err as Error).message}`, true);
    }
    // A declared oversized answer is refused unread; parseJson bounds what arrives chunked.
    if (Number(response.headers.get('content-length') ?? 0) > MAX_RESPONSE_BYTES) {
      await response.body?.cancel();
      throw new TaskExecutionError(
        'MODEL_RESPONSE_INVALID',
        `External model answered more than ${MAX_RESPONSE_BYTES} bytes`,
        false,
      );
    }
    const text = await response.text();
    if (!response.ok) throw providerStatusError('External model', response.status);
    return { result: parseJson(text) };
  }

  private async chat(invocation: ModelInvocation): Promise<ModelOutput> {
    const client = new OpenAI({
      baseURL: this.endpoint.url,
      apiKey: this.credential() ?? 'not-needed',
      timeout: this.endpoint.timeoutMs,
      maxRetries: 0,
      defaultHeaders: this.endpoint.authHeader && this.credential() ? this.headers() : undefined,
    });
    try {
      const completion = await client.chat.completions.create(
        {
          model: this.endpoint.model ?? this.owner.id,
          response_format: { type: 'json_object' },
          messages: [
            { role: 'system', content: SYSTEM_PROMPT },
            { role: 'user', content: JSON.stringify({ type: invocation.type, input: invocation.input }) },
          ],
        },
        { signal: invocation.signal },
      );
      const usage = tokenUsage(completion.usage);
      return { result: parseJson(completion.choices[0]?.message?.content ?? ''), usage };
    } catch (err) {
      if (err instanceof APIUserAbortError) throw invocation.signal.reason ?? err;
      if (err instanceof APIConnectionTimeoutError)
        throw new TaskExecutionError(
          'PROVIDER_TIMEOUT',
          `External model did not answer in ${this.endpoint.timeoutMs} ms`,
          true,
        );
      if (err instanceof APIError) throw providerStatusError('External model', err.status ?? 0);
      throw err;
    }
  }
}

function parseJson(text: string): unknown {
  if (Buffer.byteLength(text) > MAX_RESPONSE_BYTES)
    throw new TaskExecutionError(
      'MODEL_RESPONSE_INVALID',
      `External model answered more than ${MAX_RESPONSE_BYTES} bytes`,
      false,
    );
  try {
    return JSON.parse(text);
  } catch {
    throw new TaskExecutionError('MODEL_RESPONSE_INVALID', 'External model answered something that is not JSON', false);
  }
}
