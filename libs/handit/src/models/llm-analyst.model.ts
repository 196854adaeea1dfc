import OpenAI, { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { streamCompletion } from './llm-stream';
import { trace, SpanStatusCode } from '@opentelemetry/api';
import { TaskExecutionError } from '../tasks/task-errors';
import type { TaskType } from '../tasks/task.types';
import { ModelDescriptor, ModelInvocation, ModelOutput, SpecialistModel } from './specialist-model';

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

  constructor(private readonly options: LlmOptions) {
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
      version: '1.0.0',
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

  validateInput(type: TaskType, input: unknown): { field: string; message: string }[] {
    if (type !== 'market_commentary') return [{ field: 'type', message: 'llm-analyst serves market_commentary only' }];
    return validateMarketCommentary(input);
  }

  prepareInput(_type: TaskType, input: unknown): unknown {
    return input;
  }

  async execute(invocation: ModelInvocation): Promise<ModelOutput> {
    if (!this.client) throw new TaskExecutionError('PROVIDER_UNAVAILABLE', 'The LLM provider is not configured', false);
    const input = invocation.input as MarketCommentaryInput;
    const span = trace.getTracer('handit').startSpan(`chat ${this.options.model}`, {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': this.options.model,
        'task.id': invocation.taskId,
      },
    });
    try {
      const messages = [
        { role: 'system' as const, content: SYSTEM_PROMPT },
        { role: 'user' as const, content: userMessage(input) },
      ];
      if (this.options.stream) {
        const answer = await streamCompletion(this.client, this.options.model, messages, invocation);
        span.setAttributes({ 'gen_ai.response.model': answer.result.model });
        return answer;
      }
      const completion = await this.client.chat.completions.create(
        { model: this.options.model, messages },
        { signal: invocation.signal },
      );
      const choice = completion.choices[0];
      const usage = completion.usage
        ? {
            inputTokens: completion.usage.prompt_tokens,
            outputTokens: completion.usage.completion_tokens,
            totalTokens: completion.usage.total_tokens,
          }
        : undefined;
      span.setAttributes({
        'gen_ai.response.model': completion.model,
        ...(usage
          ? { 'gen_ai.usage.input_tokens': usage.inputTokens, 'gen_ai.usage.output_tokens': usage.outputTokens }
          : {}),
      });
      return {
        result: {
          text: choice?.message?.content ?? '',
          model: completion.model,
          finishReason: choice?.finish_reason ?? null,
        },
        usage,
      };
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw providerError(err);
    } finally {
      span.end();
    }
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
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    const retryable = status === 0 || status === 408 || status === 429 || status >= 500;
    return new TaskExecutionError(
      'PROVIDER_ERROR',
      `LLM provider answered ${status || 'with a connection error'}`,
      retryable,
      { status },
    );
  }
  return new TaskExecutionError('PROVIDER_ERROR', `LLM provider call failed: ${(err as Error).message}`, true);
}

export function validateMarketCommentary(input: unknown): { field: string; message: string }[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return [{ field: 'input', message: 'must be an object' }];
  const value = input as Record<string, unknown>;
  const problems: { field: string; message: string }[] = [];
  for (const key of Object.keys(value)) {
    if (!['question', 'symbol', 'context'].includes(key))
      problems.push({ field: `input.${key}`, message: 'is not an allowed field' });
  }
  if (typeof value.question !== 'string' || value.question.trim() === '')
    problems.push({ field: 'input.question', message: 'must be a non-empty string' });
  else if (value.question.length > MAX_QUESTION)
    problems.push({ field: 'input.question', message: `must be at most ${MAX_QUESTION} characters` });
  if (value.symbol !== undefined && (typeof value.symbol !== 'string' || value.symbol.length > 64))
    problems.push({ field: 'input.symbol', message: 'must be a string of at most 64 characters' });
  if (value.context !== undefined && Buffer.byteLength(JSON.stringify(value.context)) > MAX_CONTEXT_BYTES) {
    problems.push({ field: 'input.context', message: `must serialise to at most ${MAX_CONTEXT_BYTES} bytes` });
  }
  return problems;
}
