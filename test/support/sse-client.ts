import { get, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

export interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

/** The server's port on 127.0.0.1, listening on an ephemeral one first when it is not yet (as supertest would). */
async function portOf(http: Server | number): Promise<number> {
  if (typeof http === 'number') return http;
  if (!http.listening) await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return (http.address() as AddressInfo).port;
}

/** A minimal SSE client (to a server, or a port on 127.0.0.1): collects events until the stream closes. */
export function openSseClient(http: Server | number, path: string, headers: Record<string, string> = {}) {
  const events: SseEvent[] = [];
  let response: IncomingMessage | undefined;
  let aborted = false;
  let abort = () => void (aborted = true);
  const closed = portOf(http).then(
    (port) =>
      new Promise<void>((resolve, reject) => {
        if (aborted) return resolve();
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
      }),
  );
  return {
    events,
    closed,
    abort: () => abort(),
    status: () => response?.statusCode,
    contentType: () => response?.headers['content-type'],
  };
}
