import Redis from 'ioredis';
import { newId } from '../../persistence/ids';
import type { ErrorLogSink } from '../logging/connection-error-log';
import { throttledErrorLog } from '../logging/connection-error-log';

/**
 * Keeps replicas' in-process caches (L1) coherent: a write or delete here publishes the key on
 * Redis pub/sub, and every other replica drops its copy. While this replica's subscription is
 * down it would not hear those messages, so `live` is false and the cache bypasses L1; when the
 * subscription is back the whole L1 is cleared (what was missed is unknown). A message can still
 * be lost on the publishing side (Redis restarting mid-publish): the short L1 TTL bounds how long
 * a copy can then outlive its Redis entry.
 */
export class CacheInvalidation {
  /** This process's id, so a replica ignores its own messages. */
  readonly origin = newId();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private connectedOnce = false;
  private subscribed = false;
  sent = 0;
  received = 0;

  constructor(
    redisUrl: string,
    private readonly channel: string,
    handlers: { drop(key: string): void; dropAll(): void },
    logger?: ErrorLogSink,
  ) {
    const options = {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (times: number) => Math.min(100 * 2 ** times, 2000),
    };
    this.publisher = new Redis(redisUrl, options);
    this.subscriber = new Redis(redisUrl, { ...options, enableOfflineQueue: true });
    const onError = logger ? throttledErrorLog(logger, 'cache-invalidation') : () => undefined;
    this.publisher.on('error', onError);
    this.subscriber.on('error', onError);
    this.subscriber.on('ready', () => {
      if (this.connectedOnce) handlers.dropAll();
      this.connectedOnce = true;
    });
    this.subscriber.on('close', () => handlers.dropAll());
    void this.subscriber.subscribe(channel).then(
      () => (this.subscribed = true),
      () => undefined,
    );
    this.subscriber.on('message', (_channel: string, text: string) => {
      const sep = text.indexOf('\n');
      if (sep < 0 || text.slice(0, sep) === this.origin) return;
      this.received++;
      handlers.drop(text.slice(sep + 1));
    });
  }

  /** True while this replica hears invalidations: only then may L1 serve or keep entries. */
  get live(): boolean {
    return this.subscribed && this.subscriber.status === 'ready';
  }

  /** Tells the other replicas `key` changed; a failure is swallowed (the L1 TTL is the fallback). */
  publish(key: string): void {
    this.sent++;
    this.publisher.publish(this.channel, `${this.origin}\n${key}`).catch(() => undefined);
  }

  /** Resolves once the subscription is in place (tests and the bench wait for it). */
  async ready(): Promise<void> {
    for (let i = 0; i < 100 && this.subscriber.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 20));
    await this.subscriber.subscribe(this.channel).catch(() => undefined);
    this.subscribed = true;
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}
