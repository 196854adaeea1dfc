import type { SseStream } from './sse';

/**
 * Where a live feed writes its events: an SSE stream, or one subscription of a WebSocket. A feed
 * (task status, run events, mailbox claims) is written once against this and served by both.
 */
export type EventSink = Pick<SseStream, 'send' | 'close' | 'onClose'>;

/**
 * A feed whose checks (404 for another tenant's id, 400, 409) have passed: `start` begins writing
 * to a sink. The split lets SSE answer an error status before its stream opens.
 */
export type PreparedFeed = (sink: EventSink) => Promise<void>;
