import type { IncomingMessage } from 'node:http';
import { WebSocket, type RawData } from 'ws';
import {
  ANONYMOUS_ADMIN,
  AppError,
  Authenticator,
  BoundedValidationPipe,
  principalTracker,
  roleAtLeast,
  type Principal,
} from '@app/infrastructure';
import type { EventSink, PreparedFeed } from '../http/event-sink';
import type { BusEvent } from './bus-events';
import { BY_ID, CLIENT_MESSAGE_TYPES, CLIENT_MESSAGES, type ClientMessage, type SubscribeMessage } from './ws-protocol';

/** Close codes: 4401/4403 mirror HTTP 401/403 (the 4000 range is the application's); 1013 = try again later. */
export const WS_CLOSE = {
  unauthorized: 4401,
  forbidden: 4403,
  rateLimited: 4429,
  slowConsumer: 1013,
  goingAway: 1001,
} as const;

export interface WsLimits {
  maxSubscriptions: number;
  maxBufferedBytes: number;
  authTimeoutMs: number;
  defaultLeaseMs: number;
  maxLeaseMs: number;
}

/** What a connection needs from the gateway: credentials, the feeds, the bus. */
export interface WsServices {
  authenticator: Authenticator;
  authEnforced: boolean;
  /** Spends one request of the caller's rate-limit budget (shared with HTTP): the 429 error once it is spent. */
  spendBudget(tracker: string): Promise<AppError | null>;
  taskFeed(tenant: string, id: string, lastEventId: string | null): Promise<PreparedFeed>;
  runFeed(tenant: string, id: string, afterId: string | null): Promise<PreparedFeed>;
  mailboxFeed(tenant: string, id: string, leaseMs: number, lastEventId: string | null): Promise<PreparedFeed>;
  bus: {
    available: boolean;
    since(afterId: string): { events: BusEvent[]; complete: boolean };
    listen(listener: (event: BusEvent) => void): () => void;
  };
  onSlowConsumer(): void;
  /** An unexpected failure handling a message (the client gets INTERNAL; the log gets the error). */
  onError(err: unknown): void;
}

const validator = new BoundedValidationPipe();

interface Subscription {
  closed: boolean;
  listeners: (() => void)[];
}

/**
 * One socket on /ws: authenticates it (the upgrade's X-API-Key / Authorization header, or an
 * `auth` message within authTimeoutMs; the credential is never logged or echoed), then serves
 * its subscriptions, each a feed the SSE streams also use, written as `event` frames. Bounded:
 * at most maxSubscriptions at once, and a socket whose unsent data passes maxBufferedBytes (a
 * client not reading) is closed with 1013 rather than buffered without end.
 */
export class WsConnection {
  private principal: Principal | null = null;
  private address = 'unknown';
  private readonly subscriptions = new Map<string, Subscription>();
  private authTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly services: WsServices,
    private readonly limits: WsLimits,
  ) {}

  /**
   * Authenticates from the upgrade's headers (or waits for an `auth` message) and spends one
   * request of the caller's rate-limit budget for the upgrade itself; a caller over its budget is
   * told so and closed with 4429. The welcome goes out first, so a client that subscribes as soon
   * as the socket opens is served in order.
   */
  start(req: IncomingMessage): void {
    this.address = req.socket.remoteAddress ?? 'unknown';
    this.socket.on('message', (data, isBinary) => void this.onMessage(data, isBinary));
    this.socket.on('close', () => this.dispose());
    this.socket.on('error', () => this.dispose());
    this.authenticateUpgrade(req);
    void this.spendOnUpgrade();
  }

  private authenticateUpgrade(req: IncomingMessage): void {
    if (!this.services.authEnforced) return this.welcome(ANONYMOUS_ADMIN);
    const result = this.services.authenticator.identify({ headers: req.headers });
    if (result.kind === 'ok') return this.welcome(result.principal);
    if (result.kind === 'invalid') return this.refuse(result.error);
    this.authTimer = setTimeout(
      () => this.refuse(new AppError('UNAUTHORIZED', 'No credentials within WS_AUTH_TIMEOUT_MS')),
      this.limits.authTimeoutMs,
    );
  }

  /** Whose budget the socket spends: as on HTTP, the principal's when credentials are enforced, else the address's. */
  private get tracker(): string {
    return this.services.authEnforced && this.principal ? principalTracker(this.principal) : `ip:${this.address}`;
  }

  private async spendOnUpgrade(): Promise<void> {
    const limited = await this.services.spendBudget(this.tracker);
    if (!limited) return;
    this.push({ type: 'error', ...errorBody(limited) });
    this.socket.close(WS_CLOSE.rateLimited, 'rate limited');
    this.dispose();
  }

  private async onMessage(data: RawData, isBinary: boolean): Promise<void> {
    try {
      const limited = await this.services.spendBudget(this.tracker);
      if (limited) throw limited;
      if (isBinary) throw AppError.validation([{ field: 'message', message: 'must be a JSON text frame' }]);
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        throw AppError.validation([{ field: 'message', message: 'must be valid JSON' }]);
      }
      const message = await parse(parsed);
      await this.handle(message);
    } catch (err) {
      if (!(err instanceof AppError)) this.services.onError(err);
      const error =
        err instanceof AppError ? err : new AppError('INTERNAL', 'The message could not be handled; see the log');
      this.push({ type: 'error', ...errorBody(error), ...subscriptionOf(data) });
    }
  }

  private async handle(message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'ping':
        return this.push({ type: 'pong' });
      case 'auth':
        return this.authenticate(message.apiKey, message.token);
      case 'unsubscribe': {
        const sub = this.subscriptions.get(message.id);
        if (!sub) throw new AppError('NOT_FOUND', `No subscription '${message.id}'`, { subscription: message.id });
        this.end(message.id, sub, 'unsubscribed');
        return;
      }
      case 'subscribe':
        return this.subscribe(message);
    }
  }

  private authenticate(apiKey?: string, token?: string): void {
    if (this.principal) throw new AppError('CONFLICT', 'This socket is already authenticated');
    if ((apiKey === undefined) === (token === undefined))
      throw AppError.validation([{ field: 'apiKey', message: 'give exactly one of apiKey or token' }]);
    const headers = apiKey !== undefined ? { 'x-api-key': apiKey } : { authorization: `Bearer ${token}` };
    const result = this.services.authenticator.identify({ headers });
    if (result.kind === 'ok') return this.welcome(result.principal);
    this.refuse(result.kind === 'invalid' ? result.error : Authenticator.missingCredentials());
  }

  private async subscribe(message: SubscribeMessage): Promise<void> {
    const principal = this.principal;
    if (!principal) throw Authenticator.missingCredentials();
    const { id, channel } = message;
    if (this.subscriptions.has(id)) throw new AppError('CONFLICT', `Subscription '${id}' exists`, { subscription: id });
    if (this.subscriptions.size >= this.limits.maxSubscriptions)
      throw new AppError('CONFLICT', `At most ${this.limits.maxSubscriptions} subscriptions per socket`, {
        setting: 'WS_MAX_SUBSCRIPTIONS',
        limit: this.limits.maxSubscriptions,
      });
    if (BY_ID.includes(channel) && !message.target)
      throw AppError.validation([{ field: 'target', message: `is required for the ${channel} channel` }]);
    if (channel === 'mailbox' && !roleAtLeast(principal.role, 'operator'))
      throw new AppError('FORBIDDEN', 'Claiming mailbox messages requires the operator role', {
        requiredRole: 'operator',
        role: principal.role,
      });
    const leaseMs = message.leaseMs ?? this.limits.defaultLeaseMs;
    if (channel === 'mailbox' && leaseMs > this.limits.maxLeaseMs)
      throw AppError.validation([{ field: 'leaseMs', message: `must not be greater than ${this.limits.maxLeaseMs}` }]);
    // The slot is taken before the checks that wait, so two subscribes with one id cannot both pass.
    const sub: Subscription = { closed: false, listeners: [] };
    this.subscriptions.set(id, sub);
    try {
      if (channel === 'task' || channel === 'run' || channel === 'mailbox') {
        const target = message.target!;
        const feed =
          channel === 'task'
            ? await this.services.taskFeed(principal.tenant, target, message.lastEventId ?? null)
            : channel === 'run'
              ? await this.services.runFeed(principal.tenant, target, message.lastEventId ?? null)
              : await this.services.mailboxFeed(principal.tenant, target, leaseMs, message.lastEventId ?? null);
        if (sub.closed) return;
        this.push({ type: 'subscribed', id, channel, target });
        await feed(this.sinkFor(id, channel, sub));
      } else {
        this.follow(principal, message, sub);
      }
    } catch (err) {
      this.subscriptions.delete(id);
      sub.closed = true;
      throw Object.assign(err as object, { subscription: id });
    }
  }

  /** A filter subscription on the event bus: replay what it missed (if still held), then live events. */
  private follow(principal: Principal, message: SubscribeMessage, sub: Subscription): void {
    const { bus } = this.services;
    if (!bus.available) throw new AppError('SERVICE_UNAVAILABLE', 'The event bus is off here (optional.events)');
    const { id, channel, target, filter } = message;
    const wanted = (e: BusEvent): boolean => {
      if (e.channel !== channel) return false;
      if (e.tenant !== principal.tenant && !(channel === 'alerts' && e.tenant === null)) return false;
      const d = e.data as Record<string, unknown> & { rule?: { id?: string; severity?: string } };
      if (channel === 'alerts')
        return (!target || d.rule?.id === target) && (!filter?.severity || d.rule?.severity === filter.severity);
      if (target && d.id !== target && d.runId !== target) return false;
      if (filter?.status && d.status !== filter.status) return false;
      if (filter?.type && d.type !== filter.type) return false;
      if (filter?.workflow && d.workflow !== filter.workflow) return false;
      return true;
    };
    const sink = this.sinkFor(id, channel, sub);
    const replay = message.lastEventId ? bus.since(message.lastEventId) : { events: [], complete: true };
    this.push({ type: 'subscribed', id, channel, ...(target ? { target } : {}), resumed: replay.complete });
    for (const e of replay.events) if (wanted(e)) sink.send(e.event, e.data, e.id);
    sink.onClose(bus.listen((e) => wanted(e) && sink.send(e.event, e.data, e.id)));
  }

  private sinkFor(id: string, channel: string, sub: Subscription): EventSink {
    return {
      send: (event, data, eventId) => {
        if (!sub.closed)
          this.push({ type: 'event', subscription: id, channel, event, ...(eventId ? { id: eventId } : {}), data });
      },
      close: () => this.end(id, sub, 'completed'),
      onClose: (listener) => {
        if (sub.closed) listener();
        else sub.listeners.push(listener);
      },
    };
  }

  private end(id: string, sub: Subscription, reason: string): void {
    if (sub.closed) return;
    sub.closed = true;
    if (this.subscriptions.get(id) === sub) this.subscriptions.delete(id);
    for (const listener of sub.listeners.splice(0)) listener();
    this.push({ type: 'unsubscribed', id, reason });
  }

  private welcome(principal: Principal): void {
    if (this.authTimer) clearTimeout(this.authTimer);
    this.authTimer = null;
    this.principal = principal;
    this.push({
      type: 'welcome',
      principal: { id: principal.id, tenant: principal.tenant, role: principal.role },
      limits: { maxSubscriptions: this.limits.maxSubscriptions, maxBufferedBytes: this.limits.maxBufferedBytes },
    });
  }

  private refuse(error: AppError): void {
    this.push({ type: 'error', ...errorBody(error) });
    this.socket.close(WS_CLOSE.unauthorized, 'unauthorized');
    this.dispose();
  }

  /**
   * Sends a frame unless the client has fallen behind: data the socket has not yet written past
   * maxBufferedBytes means a reader that does not keep up, and the socket is closed (1013) rather
   * than held in memory. The client reconnects and resumes from the last event id it saw.
   */
  private push(frame: Record<string, unknown>): void {
    if (this.closed || this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.services.onSlowConsumer();
      this.socket.close(WS_CLOSE.slowConsumer, 'slow consumer: resume from your last event id');
      this.dispose();
      return;
    }
    this.socket.send(JSON.stringify(frame));
  }

  /** Stops every feed of the socket; safe to call more than once. */
  dispose(): void {
    if (this.authTimer) clearTimeout(this.authTimer);
    this.authTimer = null;
    if (this.closed) return;
    this.closed = true;
    for (const sub of this.subscriptions.values()) {
      sub.closed = true;
      for (const listener of sub.listeners.splice(0)) listener();
    }
    this.subscriptions.clear();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

async function parse(value: unknown): Promise<ClientMessage> {
  const type = (value as { type?: unknown } | null)?.type;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw AppError.validation([{ field: 'message', message: 'must be a JSON object' }]);
  if (typeof type !== 'string' || !(CLIENT_MESSAGE_TYPES as readonly string[]).includes(type))
    throw AppError.validation([{ field: 'type', message: `must be one of ${CLIENT_MESSAGE_TYPES.join(', ')}` }]);
  const metatype = CLIENT_MESSAGES[type as keyof typeof CLIENT_MESSAGES];
  return (await validator.transform(value, { type: 'body', metatype })) as ClientMessage;
}

function errorBody(error: AppError) {
  const subscription = (error as { subscription?: string }).subscription;
  return {
    code: error.code,
    message: error.message,
    ...(error.details !== undefined ? { details: error.details } : {}),
    ...(subscription ? { subscription } : {}),
  };
}

/** The subscription id a failed message named, so the client can tell which request failed. */
function subscriptionOf(data: RawData): { subscription?: string } {
  try {
    const id = (JSON.parse(data.toString()) as { id?: unknown }).id;
    return typeof id === 'string' && id.length <= 64 ? { subscription: id } : {};
  } catch {
    return {};
  }
}
