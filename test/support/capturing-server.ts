import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
  /** When the request arrived (Date.now()). */
  at: number;
}

/**
 * A local HTTP stand-in for an external service on 127.0.0.1: it records every request (its JSON
 * body parsed) for assertions, then lets the subclass answer it in that service's wire format.
 */
export abstract class CapturingServer {
  readonly received: ReceivedRequest[] = [];
  private server?: Server;

  /** `basePath` ends the URL start() returns, as the client under test is configured with it. */
  protected constructor(private readonly basePath: string) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${this.basePath}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Answers one recorded request; `body` is its parsed JSON body (null when empty). */
  protected abstract answer(body: any, res: ServerResponse): Promise<void>;

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = text ? JSON.parse(text) : null;
    this.received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at: Date.now() });
    await this.answer(body, res);
  }
}
