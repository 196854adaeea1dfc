import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReceivedRequest } from './llm-server';

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
export class JsonModelServer {
  readonly received: ReceivedRequest[] = [];
  private fallback: JsonReply = { status: 500, body: { error: 'no reply scripted' } };
  private responder?: (body: any) => JsonReply | undefined;
  private server?: Server;

  otherwise(reply: JsonReply): void {
    this.fallback = reply;
  }

  respond(responder: ((body: any) => JsonReply | undefined) | undefined): void {
    this.responder = responder;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/predict`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = text ? JSON.parse(text) : null;
    this.received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: Date.now() });
    const reply = this.responder?.(body) ?? this.fallback;
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    res.statusCode = reply.status;
    res.setHeader('content-type', 'application/json');
    res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  }
}
