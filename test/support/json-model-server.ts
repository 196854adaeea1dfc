import type { ServerResponse } from 'node:http';
import { CapturingServer } from './capturing-server';

/** What the JSON model answers to one request: a status and a body (sent as JSON unless a string). */
export interface JsonReply {
  status: number;
  body: unknown;
  delayMs?: number;
}

/**
 * A local stand-in for an external JSON model endpoint: it receives `POST { type, input }` and
 * answers with a result. Replies come from `respond` (per request) or `otherwise`; every request is
 * recorded for assertions.
 */
export class JsonModelServer extends CapturingServer {
  private fallback: JsonReply = { status: 500, body: { error: 'no reply scripted' } };
  private responder?: (body: any) => JsonReply | undefined;

  constructor() {
    super('/predict');
  }

  otherwise(reply: JsonReply): void {
    this.fallback = reply;
  }

  respond(responder: ((body: any) => JsonReply | undefined) | undefined): void {
    this.responder = responder;
  }

  protected async answer(body: any, res: ServerResponse): Promise<void> {
    const reply = this.responder?.(body) ?? this.fallback;
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    res.statusCode = reply.status;
    res.setHeader('content-type', 'application/json');
    res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  }
}
