import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ApiError } from './errors';
import { RETRY_STATUSES, retryAfterMs } from './retry';

/** One Server-Sent Event with its JSON data parsed. */
export interface SseEvent<T = unknown> {
  /** The event name (`status`, `node.finished`, `message`, …). */
  event: string;
  /** The event id, when the stream sends ids (workflow runs, agent mailboxes). */
  id: string | undefined;
  data: T;
}

export interface SseOptions {
  /** Resume after this event id (sent as Last-Event-ID on the first connection too). */
  lastEventId?: string;
  /** Reconnections in a row without receiving an event before giving up (default 5). */
  maxReconnects?: number;
  /** Connections in all, however many events each brought, before giving up (default 1000). */
  maxConnections?: number;
  /** Wait before reconnecting, unless the stream's `retry:` field says otherwise (default 500 ms). */
  reconnectDelayMs?: number;
  /** Ends the iteration (and the connection). */
  signal?: AbortSignal;
}

/** How one stream is read: where from, and when it is over (after which no reconnection is made). */
export interface SseSource<T> {
  url: string;
  headers: Record<string, string>;
  fetch: typeof globalThis.fetch;
  /** The last event of the stream: the iteration ends after yielding it. */
  isLast?: (event: SseEvent<T>) => boolean;
}

/** The stream ended without its final event more times in a row than `maxReconnects` allows. */
export class SseDisconnectedError extends Error {
  override readonly name = 'SseDisconnectedError';
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

function parse<T>(message: EventSourceMessage): SseEvent<T> {
  let data: unknown = message.data;
  try {
    data = JSON.parse(message.data);
  } catch {
    // not JSON: keep the text
  }
  return { event: message.event ?? 'message', id: message.id, data: data as T };
}

/**
 * Reads a Server-Sent Events stream as an async iterator. When the connection drops before the
 * stream's last event it reconnects, sending `Last-Event-ID` with the id of the last event received,
 * so the service resumes after it: a run's events lose and repeat nothing, a task's status is sent
 * again only if it changed, a mailbox re-sends the deliveries the lost connection had claimed. Leaving the loop (`break`,
 * `signal`) closes the connection. 4xx answers throw an ApiError; 429/503 are retried like drops.
 */
export async function* readSse<T>(source: SseSource<T>, options: SseOptions = {}): AsyncGenerator<SseEvent<T>> {
  const maxReconnects = options.maxReconnects ?? 5;
  let delayMs = options.reconnectDelayMs ?? 500;
  let lastEventId = options.lastEventId;
  let failures = 0;
  let connections = 0;
  const maxConnections = options.maxConnections ?? 1000;
  const controller = new AbortController();
  const stop = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) return;
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    while (!controller.signal.aborted) {
      if (++connections > maxConnections)
        throw new SseDisconnectedError(`${source.url}: gave up after ${maxConnections} connections`);
      let response: Response | undefined;
      try {
        response = await source.fetch(source.url, {
          headers: {
            ...source.headers,
            accept: 'text/event-stream',
            ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
          },
          signal: controller.signal,
        });
      } catch (err) {
        if (controller.signal.aborted) return;
        if (++failures > maxReconnects) throw err;
        await wait(delayMs, controller.signal);
        continue;
      }
      if (!response.ok) {
        if (!RETRY_STATUSES.has(response.status) || ++failures > maxReconnects)
          throw await ApiError.fromResponse(response);
        await response.body?.cancel().catch(() => undefined);
        await wait(retryAfterMs(response.headers.get('retry-after')) ?? delayMs, controller.signal);
        continue;
      }
      const pending: SseEvent<T>[] = [];
      const parser = createParser({
        onEvent: (message) => pending.push(parse<T>(message)),
        onRetry: (ms) => (delayMs = ms),
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
          while (pending.length > 0) {
            const event = pending.shift()!;
            failures = 0;
            if (event.id) lastEventId = event.id;
            yield event;
            if (source.isLast?.(event)) return;
          }
        }
      } catch {
        // The connection dropped mid-stream: reconnect below (a partial event is discarded).
      } finally {
        reader.cancel().catch(() => undefined);
      }
      if (controller.signal.aborted) return;
      if (++failures > maxReconnects)
        throw new SseDisconnectedError(`${source.url}: stream ended ${failures} times in a row without its last event`);
      await wait(delayMs, controller.signal);
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    controller.abort();
  }
}
