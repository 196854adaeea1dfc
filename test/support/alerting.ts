import { writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Controller, Get, Type } from '@nestjs/common';
import request from 'supertest';
import { Clock, ManualClock } from '@app/infrastructure';
import { AlertEvaluator, AlertNotification, AlertNotifier, MetricSampler } from '@app/monitoring-orchestrator';
import { createTestApp, TestApp } from './create-test-app';

/**
 * Harness shared by the alerting suites (monitoring-alerts, monitoring-alerts-restart and the
 * PostgreSQL integration suite): a flaky upstream route that makes `http.error_ratio` move, a
 * webhook receiver that records what the notifier sends, and the service booted on a manual
 * clock that only the test moves (one sampling + evaluation period per `step`).
 */

/** A controller whose GET answers 200, or 500 while `failing` is set. */
export interface FlakyController extends Type<unknown> {
  failing: boolean;
  /** The request path of its route (with the leading slash). */
  readonly url: string;
}

/** A flaky controller on `path` (one per suite, so suites never share the switch). */
export function flakyController(path: string): FlakyController {
  @Controller(path)
  class Flaky {
    static failing = false;
    static readonly url = `/${path}`;
    @Get()
    answer() {
      if (Flaky.failing) throw new Error('simulated upstream failure');
      return { ok: true };
    }
  }
  return Flaky;
}

/** One webhook call: the notification and the status the receiver answered it with. */
export interface ReceivedAlert {
  body: AlertNotification;
  answered: number;
}

/**
 * A local webhook endpoint. `received` is one array for the receiver's lifetime (`clear()`
 * empties it in place), so a suite may keep a reference to it.
 */
export class WebhookReceiver {
  readonly received: ReceivedAlert[] = [];
  /** Status to answer with: a fixed one, or one chosen per call. */
  answer: number | (() => number) = 200;
  private readonly server: Server = createServer((req: IncomingMessage, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const answered = typeof this.answer === 'function' ? this.answer() : this.answer;
      this.received.push({ body: JSON.parse(text) as AlertNotification, answered });
      res.writeHead(answered).end();
    });
  });

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  /** URL of `path` on this receiver (once listening). */
  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  clear(): void {
    this.received.length = 0;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Webhook delivery without backoff, sampling and evaluation every 5 s (one `step`). */
export function alertingEnv(webhookUrl: string, maxAttempts: number): Record<string, string> {
  return {
    ALERT_WEBHOOK_URLS: webhookUrl,
    ALERT_WEBHOOK_BACKOFF_MS: '0',
    ALERT_WEBHOOK_MAX_ATTEMPTS: String(maxAttempts),
    MONITORING_SAMPLE_INTERVAL_MS: '5000',
    ALERT_EVALUATION_INTERVAL_MS: '5000',
  };
}

/** One rule of `monitoring.alerts.rules` (a system rule), every field spelled out. */
export interface ConfigRule {
  name: string;
  series: string;
  comparison: string;
  threshold: number;
  forMs: number;
  severity: string;
  reduce: string;
  windowMs: number;
}

/** Writes a config overlay with `rules` as the config-file alert rules into `dir`; pass its path as CONFIG_FILE. */
export function configRulesFile(dir: string, rules: ConfigRule[]): string {
  const path = join(dir, 'alert-rules.yml');
  // YAML reads JSON.
  writeFileSync(path, JSON.stringify({ monitoring: { alerts: { rules } } }));
  return path;
}

export interface AlertingNode {
  t: TestApp;
  clock: ManualClock;
}

/** Boots the service with the sampler and the evaluator scheduled on a manual clock at `startAt` (epoch ms). */
export async function bootAlerting(
  env: Record<string, string>,
  controllers: Type<unknown>[],
  startAt: number,
): Promise<AlertingNode> {
  const t = await createTestApp(env, controllers);
  const clock = new ManualClock(startAt);
  t.app.get(Clock).use(clock);
  t.app.get(MetricSampler).schedule();
  t.app.get(AlertEvaluator).schedule();
  return { t, clock };
}

/** Stops the service the way a restart does (after its last evaluation and deliveries settle). */
export async function stopAlerting(n: AlertingNode): Promise<void> {
  await n.t.app.get(AlertEvaluator).idle();
  await n.t.app.get(AlertNotifier).idle();
  await n.t.close();
}

/** One sampling + evaluation period on every given node at once (their passes interleave). */
export async function step(...nodes: AlertingNode[]): Promise<void> {
  for (const n of nodes) n.clock.advance(5000);
  await Promise.all(nodes.map((n) => n.t.app.get(MetricSampler).settled()));
  await Promise.all(nodes.map((n) => n.t.app.get(AlertEvaluator).idle()));
  await Promise.all(nodes.map((n) => n.t.app.get(AlertNotifier).idle()));
}

export interface AlertView {
  id: string;
  name: string;
  /** Owner: a tenant, or null for a system rule. */
  tenant: string | null;
  state: { state: string; since: string | null };
}

/** Requests with one API key, and traffic on one flaky controller. */
export function alertingClient(key: string, flaky: FlakyController) {
  const api = (n: AlertingNode, method: 'get' | 'post' | 'delete', path: string) =>
    request(n.t.http)[method](path).set('X-API-Key', key);
  const alerts = async (n: AlertingNode) =>
    (await api(n, 'get', '/api/v1/monitoring/alerts').expect(200)).body.data as AlertView[];
  return {
    api,
    /** `ok` requests answered 200, then `failing` answered 500. */
    async traffic(n: AlertingNode, ok: number, failing: number): Promise<void> {
      flaky.failing = false;
      for (let i = 0; i < ok; i++) await api(n, 'get', flaky.url).expect(200);
      flaky.failing = true;
      for (let i = 0; i < failing; i++) await api(n, 'get', flaky.url).expect(500);
      flaky.failing = false;
    },
    alerts,
    /** The state of the rule named `name` (undefined when there is no such rule). */
    stateOf: async (n: AlertingNode, name: string) => (await alerts(n)).find((r) => r.name === name)?.state,
    /** A critical rule on `http.error_ratio > 0.2` held for `forMs`. */
    createRule: (n: AlertingNode, name: string, forMs: number) =>
      api(n, 'post', '/api/v1/monitoring/alerts/rules')
        .send({
          name,
          expr: { series: 'http.error_ratio', comparison: '>', threshold: 0.2, forMs },
          severity: 'critical',
        })
        .expect(201),
  };
}

/**
 * What the restart and replica suites share: a flaky controller at `fixturePath`, a webhook
 * receiver listening for the whole suite and cleared before each test, requests with `key`, and
 * `boot` for a node whose operator holds `key` and whose notifications go to the receiver.
 */
export function alertingSuite(fixturePath: string, key: string) {
  const flaky = flakyController(fixturePath);
  const hook = new WebhookReceiver();
  beforeAll(() => hook.listen());
  afterAll(() => hook.close());
  beforeEach(() => hook.clear());
  return {
    flaky,
    hook,
    ...alertingClient(key, flaky),
    /** Boots a node at `startAt` (epoch ms) on the storage `env` names; two delivery attempts per notification. */
    boot: (env: Record<string, string>, startAt: number): Promise<AlertingNode> =>
      bootAlerting(
        { API_KEYS: `ops:operator:default:${key}`, ...alertingEnv(hook.url('/hooks'), 2), ...env },
        [flaky],
        startAt,
      ),
  };
}
