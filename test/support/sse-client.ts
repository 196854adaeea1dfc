import { get, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

/** A minimal SSE client (to a server, or a port on 127.0.0.1): collects events until the stream closes. */
export function openSseClient(http: Server | number, path: string, headers: Record<string, string> = {}) {
  const port = typeof http === 'number' ? http : (http.address() as AddressInfo).port;
  const events: SseEvent[] = [];
  let response: IncomingMessage | undefined;
  let abort = () => undefined as void;
  const closed = new Promise<void>((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, headers }, (res) => {
      response = res;
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) continue;
          const fields = Object.fromEntries(
            block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
          );
          events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
        }
      });
      res.on('end', () => resolve());
      res.on('close', () => resolve());
    });
    abort = () => void req.destroy();
    req.on('error', reject);
  });
  return {
    events,
    closed,
    abort: () => abort(),
    status: () => response?.statusCode,
    contentType: () => response?.headers['content-type'],
  };
}
