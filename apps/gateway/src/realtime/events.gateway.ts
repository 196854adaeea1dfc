import type { IncomingMessage } from 'node:http';
import { OnGatewayConnection, WebSocketGateway } from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import type { Counter, Gauge } from 'prom-client';
import { AgentRegistry, MailboxService } from '@app/agent-coordinator';
import { TaskService } from '@app/handit';
import {
  Authenticator,
  BaseConfig,
  BaseLogger,
  BasePerformance,
  LifecycleService,
  RateLimitBudget,
  SecurityPolicy,
} from '@app/infrastructure';
import { WorkflowService } from '@app/langgraph';
import { mailboxFeed } from '../agents/mailbox-feed';
import { taskStatusFeed } from '../tasks/task-status-feed';
import { runEventFeed } from '../workflows/run-event-feed';
import { BusEvents } from './bus-events';
import { WS_CLOSE, WsConnection, type WsServices } from './ws-connection';

export const WS_PATH = '/ws';
/** Largest client message: subscriptions are small; a bigger frame is refused by ws itself (1009). */
const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * `/ws` on the HTTP server's port: live task, run, mailbox and alert events over one socket,
 * the same events the SSE streams send. The upgrade skips the Express pipeline, so what that
 * pipeline enforces for every request is checked here: the IP allow-list, draining,
 * credentials (the same Authenticator as the HTTP guard) and, per connection and per message,
 * the caller's rate-limit budget (the same budget as HTTP). Messages are handled per connection
 * (WsConnection), not through @SubscribeMessage, because the global HTTP guards refuse
 * non-HTTP contexts and each socket keeps its own authentication state.
 */
@WebSocketGateway({ path: WS_PATH, maxPayload: MAX_MESSAGE_BYTES })
export class EventsGateway implements OnGatewayConnection {
  private readonly connections = new Set<WsConnection>();
  private readonly services: WsServices;
  private readonly gauge: Gauge;
  private readonly slowConsumers: Counter;

  constructor(
    private readonly config: BaseConfig,
    private readonly policy: SecurityPolicy,
    private readonly lifecycle: LifecycleService,
    authenticator: Authenticator,
    budget: RateLimitBudget,
    tasks: TaskService,
    workflows: WorkflowService,
    mailbox: MailboxService,
    registry: AgentRegistry,
    bus: BusEvents,
    performance: BasePerformance,
    logger: BaseLogger,
  ) {
    const log = logger.child({ component: 'websocket' });
    this.gauge = performance.gauge({ name: 'ws_connections', help: 'Open WebSocket connections on /ws' });
    this.slowConsumers = performance.counter({
      name: 'ws_slow_consumer_closes_total',
      help: 'WebSocket connections closed because the client did not read fast enough (1013)',
    });
    this.services = {
      authenticator,
      authEnforced: policy.enforced,
      spendBudget: (tracker) => budget.spend(tracker),
      taskFeed: (tenant, id, lastEventId) => taskStatusFeed(tasks, tenant, id, lastEventId),
      runFeed: (tenant, id, afterId) => runEventFeed(workflows, tenant, id, afterId),
      mailboxFeed: (tenant, id, leaseMs, lastEventId) =>
        mailboxFeed(mailbox, registry, tenant, id, leaseMs, lastEventId),
      bus,
      onSlowConsumer: () => this.slowConsumers.inc(),
      onError: (err) => log.error({ err }, 'WebSocket message failed'),
    };
  }

  handleConnection(socket: WebSocket, req: IncomingMessage): void {
    const settings = this.config.values.service.websocket;
    const address = req.socket.remoteAddress;
    if (this.policy.ipAllowlist.enabled && !this.policy.ipAllowlist.allows(address))
      return socket.close(WS_CLOSE.forbidden, 'client address not in the IP allow-list');
    if (!this.lifecycle.acceptingWork) return socket.close(WS_CLOSE.goingAway, 'shutting down');
    if (this.connections.size >= settings.maxConnections)
      return socket.close(WS_CLOSE.slowConsumer, 'too many connections (WS_MAX_CONNECTIONS)');
    const connection = new WsConnection(socket, this.services, {
      maxSubscriptions: settings.maxSubscriptions,
      maxBufferedBytes: settings.maxBufferedBytes,
      authTimeoutMs: settings.authTimeoutMs,
      defaultLeaseMs: this.config.values.agents.leaseMs,
      maxLeaseMs: this.config.values.agents.maxLeaseMs,
    });
    this.connections.add(connection);
    this.gauge.set(this.connections.size);
    socket.once('close', () => {
      connection.dispose();
      this.connections.delete(connection);
      this.gauge.set(this.connections.size);
    });
    connection.start(req);
  }
}
