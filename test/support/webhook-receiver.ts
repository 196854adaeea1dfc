import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingMessage['headers'];
  raw: string;
  body: any;
  /** The status this receiver answered (undefined: it never answered). */
  answered?: number;
}

/** What to do with one request: answer a status, or hold it without answering (a delivery in flight). */
export type ReceiverReply = number | 'hang';

/**
 * A local webhook receiver on 127.0.0.1: records every POST, answers as scripted (then 200), and
 * verifies signatures the way a client would, with node:crypto only.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private replies: ReceiverReply[] = [];
  private readonly hung: ServerResponse[] = [];
  private server?: Server;

  script(...replies: ReceiverReply[]): void {
    this.replies = replies;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (raw += chunk));
      req.on('end', () => {
        const entry: ReceivedWebhook = { headers: req.headers, raw, body: JSON.parse(raw) };
        this.received.push(entry);
        const reply = this.replies.shift() ?? 200;
        if (reply === 'hang') {
          this.hung.push(res);
          return;
        }
        entry.answered = reply;
        res.writeHead(reply, { 'content-type': 'text/plain' }).end(reply === 200 ? 'ok' : 'receiver says no');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const res of this.hung.splice(0)) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Checks `X-Webhook-Signature: t=<s>,v1=<hex>` over "<t>.<raw body>" with the secret, independently of the service. */
export function signatureVerifies(secret: string, received: ReceivedWebhook): boolean {
  const header = String(received.headers['x-webhook-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match || match[1] !== received.headers['x-webhook-timestamp']) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${received.raw}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex'));
}
