import type { Request, Response } from 'express';

const HEARTBEAT_MS = 15_000;

/** Stored events (workflow run events, Platform run chunks, mailbox messages) have ULID ids. */
export const STORED_EVENT_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** A task status event's id: `<attempts>-<status>` (see taskStatusFeed). */
export const TASK_STATUS_EVENT_ID = /^\d{1,6}-[a-z]{1,20}$/;

/**
 * The request's Last-Event-ID when it has the given shape, else null: an id the stream could not
 * have sent starts it from the beginning rather than failing a reconnect.
 */
export function lastEventIdOf(req: Request, shape: RegExp = STORED_EVENT_ID): string | null {
  const id = req.header('last-event-id');
  return id && shape.test(id) ? id : null;
}

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
