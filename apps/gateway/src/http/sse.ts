import type { Request, Response } from 'express';

const HEARTBEAT_MS = 15_000;

export interface SseStream {
  send(event: string, data: unknown, id?: string): void;
  close(): void;
  /** Runs when the client goes away or the stream is closed, whichever comes first. */
  onClose(listener: () => void): void;
}

/**
 * Opens a Server-Sent Events stream on an Express response. Call it only after every check that
 * can fail (404, 403), because once the headers are out the status cannot change. A comment line
 * every 15 s keeps proxies from closing an idle stream.
 */
export function openSseStream(req: Request, res: Response): SseStream {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  const listeners: (() => void)[] = [];
  let closed = false;
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners) listener();
  };
  req.on('close', finish);
  return {
    send(event, data, id) {
      if (closed) return;
      res.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      finish();
      res.end();
    },
    onClose(listener) {
      listeners.push(listener);
    },
  };
}
