import type { ServerResponse } from 'node:http';
import { CapturingServer, ReceivedRequest } from './capturing-server';

export type { ReceivedRequest };

export type Reply =
  | {
      status: 200;
      content: string;
      delayMs?: number;
      usage?: { prompt_tokens: number; completion_tokens: number };
      /** When the request asks for `stream: true`: the pause between word chunks. */
      chunkDelayMs?: number;
    }
  | { status: number; error: string; delayMs?: number };

/**
 * A local stand-in for an OpenAI-compatible API (POST /v1/chat/completions), speaking the real
 * wire format. Replies are scripted per call; every request is recorded for assertions.
 */
export class FakeLlmServer extends CapturingServer {
  /** Requests whose client went away before the reply (cancel, timeout, a killed process). */
  aborted = 0;
  /** The user message of every request whose client went away before the reply, in order. */
  readonly cutOff: string[] = [];
  /** The user message of every reply delivered in full, in order. */
  readonly completed: string[] = [];
  private replies: Reply[] = [];
  private fallback: Reply = { status: 200, content: 'ok', usage: { prompt_tokens: 10, completion_tokens: 5 } };
  private responder?: (body: any, received: ReceivedRequest[]) => Reply | undefined;

  constructor() {
    super('/v1');
  }

  /** Starts the server and returns the settings that make the service call it, asking for `model`. */
  async startAsProvider(model: string): Promise<{ LLM_BASE_URL: string; LLM_MODEL: string }> {
    return { LLM_BASE_URL: await this.start(), LLM_MODEL: model };
  }

  script(...replies: Reply[]): void {
    this.replies = replies;
  }

  otherwise(reply: Reply): void {
    this.fallback = reply;
  }

  /**
   * Decides each reply from the request (e.g. by its user message); `undefined` falls back to
   * the script, then to `otherwise`. Concurrent tasks then get their own replies in any order.
   */
  respond(responder: ((body: any, received: ReceivedRequest[]) => Reply | undefined) | undefined): void {
    this.responder = responder;
  }

  protected async answer(body: any, res: ServerResponse): Promise<void> {
    const reply = this.responder?.(body, this.received) ?? this.replies.shift() ?? this.fallback;
    let gone = false;
    res.on('close', () => {
      if (!res.writableFinished) {
        gone = true;
        this.aborted++;
        this.cutOff.push(String(body?.messages?.[1]?.content ?? ''));
      }
    });
    res.on('finish', () => {
      if (res.statusCode === 200) this.completed.push(String(body?.messages?.[1]?.content ?? ''));
    });
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (gone) return;
    res.setHeader('content-type', 'application/json');
    if (reply.status !== 200 || !('content' in reply)) {
      res.statusCode = reply.status;
      res.end(JSON.stringify({ error: { message: (reply as { error: string }).error, type: 'server_error' } }));
      return;
    }
    const usage = reply.usage ?? { prompt_tokens: 10, completion_tokens: 5 };
    if (body?.stream) return this.stream(res, body, reply.content, usage, reply.chunkDelayMs ?? 0);
    res.end(
      JSON.stringify({
        id: `chatcmpl-${this.received.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body?.model ?? 'unknown',
        choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' }],
        usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
      }),
    );
  }

  /** The streamed wire format: one `chat.completion.chunk` per word, a usage chunk, then `[DONE]`. */
  private async stream(
    res: ServerResponse,
    body: any,
    content: string,
    usage: { prompt_tokens: number; completion_tokens: number },
    chunkDelayMs: number,
  ): Promise<void> {
    res.setHeader('content-type', 'text/event-stream');
    const base = {
      id: `chatcmpl-${this.received.length}`,
      object: 'chat.completion.chunk',
      model: body?.model ?? 'unknown',
    };
    const send = (chunk: object) => res.write(`data: ${JSON.stringify({ ...base, created: 0, ...chunk })}\n\n`);
    const words = content.split(/(?<= )/);
    for (const word of words) {
      if (res.destroyed) return;
      send({ choices: [{ index: 0, delta: { content: word }, finish_reason: null }] });
      if (chunkDelayMs) await new Promise((r) => setTimeout(r, chunkDelayMs));
    }
    send({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    send({ choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } });
    res.end('data: [DONE]\n\n');
  }
}
