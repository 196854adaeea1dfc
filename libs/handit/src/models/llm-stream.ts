import type OpenAI from 'openai';
import { tokenUsage } from '../governance/provider-call';
import { throttleProgress } from '../progress/progress-throttle';
import type { ModelInvocation, ModelOutput } from './specialist-model';

/** At most one progress report per this interval while tokens stream in (the completion always goes). */
const PROGRESS_INTERVAL_MS = 100;
/** Characters of the answer's tail a progress message shows. */
const TAIL_CHARS = 80;

/**
 * One chat completion, streamed: the answer is assembled from its chunks, and each chunk is a
 * progress report (`fraction` stays 0 until the answer is complete, since nobody knows its length
 * in advance; the message says how many tokens have come and how the answer ends so far). Usage
 * comes in the last chunk when the endpoint supports `stream_options.include_usage`.
 */
export async function streamCompletion(
  client: OpenAI,
  model: string,
  messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[],
  invocation: ModelInvocation,
): Promise<ModelOutput & { result: { text: string; model: string; finishReason: string | null } }> {
  const stream = await client.chat.completions.create(
    { model, messages, stream: true, stream_options: { include_usage: true } },
    { signal: invocation.signal },
  );
  const progress = invocation.progress && throttleProgress(invocation.progress, PROGRESS_INTERVAL_MS);
  let text = '';
  let chunks = 0;
  let answeredBy = model;
  let finishReason: string | null = null;
  let usage: ModelOutput['usage'];
  for await (const chunk of stream) {
    answeredBy = chunk.model || answeredBy;
    const choice = chunk.choices[0];
    if (choice?.finish_reason) finishReason = choice.finish_reason;
    if (chunk.usage) usage = tokenUsage(chunk.usage);
    const delta = choice?.delta?.content;
    if (!delta) continue;
    text += delta;
    chunks += 1;
    progress?.({ fraction: 0, message: `${chunks} token(s) received: …${text.slice(-TAIL_CHARS)}` });
  }
  progress?.({ fraction: 1, message: `answer complete: ${chunks} token(s)` });
  return { result: { text, model: answeredBy, finishReason }, usage };
}
