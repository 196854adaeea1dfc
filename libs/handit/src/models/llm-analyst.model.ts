import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ProviderBreaker } from '@app/infrastructure';
import { providerStatusError, throughBreaker, tokenUsage } from '../governance/provider-call';
import { streamCompletion } from './llm-stream';
import { TaskExecutionError } from '../tasks/task-errors';
import { BUILT_IN_VERSION } from '../governance/governance.types';
import type { TaskType } from '../tasks/task.types';
import { ModelDescriptor, ModelInvocation, ModelOutput, SpecialistModel } from './specialist-model';
import { validatePromptReference } from './prompt-reference';
import type { PromptReference, PromptResolvers, ResolvedPrompt } from './prompt-resolver';

export interface LlmOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  /** Stream the answer and report the tokens received as progress. */
  stream?: boolean;
}

export interface MarketCommentaryInput {
  question: string;
  symbol?: string;
  /** Facts for the model to use (e.g. a technical analysis result); sent as JSON. */
  context?: unknown;
  /** A managed prompt (POST /api/v1/prompts) to use instead of the built-in system prompt. */
  prompt?: PromptReference;
}

const MAX_QUESTION = 4000;
const MAX_CONTEXT_BYTES = 64 * 1024;
const SYSTEM_PROMPT =
  'You are a markets analyst for a trading desk. Answer concisely and factually from the context given. ' +
  'Say when the context is not enough. Never invent prices or figures.';

/**
 * The optional LLM specialist, speaking any OpenAI-compatible chat-completions API (OpenAI,
 * Azure, Ollama, vLLM, LM Studio). Unconfigured, it reports `unavailable` and is never called.
 * Retries belong to the task queue (durable, with backoff), so the SDK's own are off.
 */
export class LlmAnalystModel implements SpecialistModel {
  private readonly client?: OpenAI;

  constructor(
    private readonly options: LlmOptions,
    private readonly breaker?: ProviderBreaker,
    private readonly prompts?: PromptResolvers,
  ) {
    if (options.baseUrl && options.model) {
      this.client = new OpenAI({
        baseURL: options.baseUrl,
        apiKey: options.apiKey || 'not-needed',
        timeout: options.timeoutMs,
        maxRetries: 0,
      });
    }
  }

  describe(): ModelDescriptor {
    const configured = Boolean(this.client);
    return {
      id: 'llm-analyst',
      name: 'LLM market analyst',
      version: BUILT_IN_VERSION,
      provider: 'llm',
      description: 'Market commentary from an OpenAI-compatible chat model, grounded in the context you send.',
      assetClasses: ['forex', 'crypto', 'equities', 'commodities', 'indices', 'etfs', 'futures', 'bonds', 'options'],
      taskTypes: ['market_commentary'],
      status: configured ? 'available' : 'unavailable',
      ...(configured ? {} : { statusReason: 'LLM_BASE_URL and LLM_MODEL are not configured' }),
      parameters: {
        model: this.options.model || null,
        timeoutMs: this.options.timeoutMs,
        endpoint: configured ? 'chat.completions' : null,
      },
    };
  }

  circuit(): ProviderBreaker | undefined {
    return this.breaker;
  }

  validateInput(type: TaskType, input: unknown): { field: string; message: string }[] {
    if (type !== 'market_commentary') return [{ field: 'type', message: 'llm-analyst serves market_commentary only' }];
    return validateMarketCommentary(input);
  }

  prepareInput(_type: TaskType, input: unknown): unknown {
    return input;
  }

  async execute(invocation: ModelInvocation): Promise<ModelOutput> {
    if (!this.client) throw new TaskExecutionError('PROVIDER_UNAVAILABLE', 'The LLM provider is not configured', false);
    return this.breaker ? throughBreaker(this.breaker, () => this.complete(invocation)) : this.complete(invocation);
  }

  private async complete(invocation: ModelInvocation): Promise<ModelOutput> {
    const client = this.client as OpenAI;
    const input = invocation.input as MarketCommentaryInput;
    const prompt = input.prompt ? await this.resolvePrompt(invocation.tenant, input.prompt) : null;
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      ...(prompt ? prompt.messages : [{ role: 'system' as const, content: SYSTEM_PROMPT }]),
      { role: 'user', content: userMessage(input) },
    ];
    // The generation (ModelGenerations) records the messages only when capture is on for this call.
    invocation.generation?.record({
      providerModel: this.options.model,
      parameters: { timeoutMs: this.options.timeoutMs },
      ...(prompt
        ? { prompt: { name: prompt.name, version: prompt.version, label: prompt.label, isFallback: prompt.isFallback } }
        : {}),
      ...(invocation.generation.capture ? { input: messages } : {}),
    });
    try {
      if (this.options.stream) {
        const answer = await streamCompletion(client, this.options.model, messages, invocation);
        invocation.generation?.record({ providerModel: answer.result.model });
        return answer;
      }
      const completion = await client.chat.completions.create(
        { model: this.options.model, messages },
        { signal: invocation.signal },
      );
      const choice = completion.choices[0];
      const usage = tokenUsage(completion.usage);
      if (completion.model) invocation.generation?.record({ providerModel: completion.model });
      return {
        result: {
          text: choice?.message?.content ?? '',
          model: completion.model,
          finishReason: choice?.finish_reason ?? null,
        },
        usage,
      };
    } catch (err) {
      throw providerError(err);
    }
  }

  private resolvePrompt(tenant: string, reference: PromptReference): Promise<ResolvedPrompt> {
    const resolver = this.prompts?.current;
    if (!resolver)
      throw new TaskExecutionError('PROMPTS_UNAVAILABLE', 'No prompt library is loaded to resolve input.prompt', false);
    return resolver.resolve(tenant, reference);
  }
}

function userMessage(input: MarketCommentaryInput): string {
  const parts = [input.symbol ? `Instrument: ${input.symbol}` : '', `Question: ${input.question}`];
  if (input.context !== undefined) parts.push(`Context (JSON): ${JSON.stringify(input.context)}`);
  return parts.filter(Boolean).join('\n');
}

/** Rate limits, server errors and timeouts are worth another attempt; other 4xx are not. */
function providerError(err: unknown): Error {
  if (err instanceof APIUserAbortError) return err;
  if (err instanceof APIConnectionTimeoutError)
    return new TaskExecutionError('PROVIDER_TIMEOUT', 'The LLM provider did not answer in time', true);
  if (err instanceof APIError) return providerStatusError('LLM provider', err.status ?? 0);
  return new TaskExecutionError('PROVIDER_ERROR', `LLM provider call failed: ${(err as Error).message}`, true);
}

export function validateMarketCommentary(input: unknown): { field: string; message: string }[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return [{ field: 'input', message: 'must be an object' }];
  const value = input as Record<string, unknown>;
  const problems: { field: string; message: string }[] = [];
  for (const key of Object.keys(value)) {
    if (!['question', 'symbol', 'context', 'prompt'].includes(key))
      problems.push({ field: `input.${key}`, message: 'is not an allowed field' });
  }
  if (typeof value.question !== 'string' || value.question.trim() === '')
    problems.push({ field: 'input.question', message: 'must be a non-empty string' });
  else if (value.question.length > MAX_QUESTION)
    problems.push({ field: 'input.question', message: `must be at most ${MAX_QUESTION} characters` });
  if (value.symbol !== undefined && (typeof value.symbol !== 'string' || value.symbol.length > 64))
    problems.push({ field: 'input.symbol', message: 'must be a string of at most 64 characters' });
  if (value.prompt !== undefined) problems.push(...validatePromptReference(value.prompt, 'input.prompt'));
  if (value.context !== undefined && Buffer.byteLength(JSON.stringify(value.context)) > MAX_CONTEXT_BYTES) {
    problems.push({ field: 'input.context', message: `must serialise to at most ${MAX_CONTEXT_BYTES} bytes` });
  }
  return problems;
}
