import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { LangfusePromptsFake } from './langfuse-prompts';

/**
 * A local HTTP server speaking the receiving side of OTLP/HTTP (and Langfuse's scores and prompts APIs):
 * it records every request so tests assert on exactly what the service sent.
 */
export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  scope: string;
  attributes: Record<string, unknown>;
  status: { code?: number; message?: string };
}

export type CaptureMode = 'ok' | 'error500' | 'hang';

export class CaptureServer {
  readonly requests: CapturedRequest[] = [];
  /** Langfuse's prompt management (public API v2), in memory. */
  readonly prompts = new LangfusePromptsFake();
  mode: CaptureMode = 'ok';
  private server: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The service's variables that point its Langfuse exporter and client here, with these credentials. */
  langfuseEnv(publicKey: string, secretKey: string): Record<string, string> {
    return { LANGFUSE_PUBLIC_KEY: publicKey, LANGFUSE_SECRET_KEY: secretKey, LANGFUSE_BASE_URL: this.url };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.once('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
      this.requests.push({
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0],
        headers: req.headers,
        body: raw.toString('utf8'),
      });
      if (this.mode === 'hang') return; // never answers
      if (this.mode === 'error500') {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"boom"}');
        return;
      }
      const path = (req.url ?? '').split('?')[0];
      if (this.prompts.handles(path)) {
        const reply = this.prompts.answer(req.method ?? '', req.url ?? '', raw.toString('utf8'));
        res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(req.url?.includes('/scores') ? '{"id":"ok"}' : '{}');
    });
  }

  /** Every span in every OTLP/JSON request received on `path`. */
  spans(path?: string): ExportedSpan[] {
    const out: ExportedSpan[] = [];
    for (const r of this.requests) {
      if (path && r.path !== path) continue;
      if (!r.path.endsWith('/v1/traces')) continue;
      const body = JSON.parse(r.body) as {
        resourceSpans: Array<{ scopeSpans: Array<{ scope: { name: string }; spans: Array<Record<string, any>> }> }>;
      };
      for (const rs of body.resourceSpans ?? [])
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            out.push({
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              name: s.name,
              scope: ss.scope?.name,
              attributes: Object.fromEntries(
                (s.attributes ?? []).map((a: { key: string; value: Record<string, unknown> }) => [
                  a.key,
                  otlpValue(a.value),
                ]),
              ),
              status: s.status ?? {},
            });
    }
    return out;
  }

  async waitForSpans(
    predicate: (spans: ExportedSpan[]) => boolean,
    ms = 10_000,
    what = 'spans',
  ): Promise<ExportedSpan[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const spans = this.spans();
      if (predicate(spans)) return spans;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; received: ${spans.map((s) => s.name).join(', ')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function otlpValue(v: Record<string, unknown>): unknown {
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('boolValue' in v) return v.boolValue;
  if ('arrayValue' in v) return ((v.arrayValue as { values?: Record<string, unknown>[] }).values ?? []).map(otlpValue);
  return v;
}

/** A fresh random W3C traceparent (sampled) for a "caller" of the service. */
export function callerTraceparent(): { traceparent: string; traceId: string; spanId: string } {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const traceId = hex(32);
  const spanId = hex(16);
  return { traceparent: `00-${traceId}-${spanId}-01`, traceId, spanId };
}

/** Reads one labelled sample from Prometheus text. */
export function metricValue(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inside = line.slice(name.length + 1, line.indexOf('}'));
    if (want.every((w) => inside.split(',').includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}
