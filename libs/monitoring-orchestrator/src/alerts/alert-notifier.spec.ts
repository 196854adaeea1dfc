import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BaseConfig, BaseLogger } from '@app/infrastructure';
import { AlertNotifier } from './alert-notifier';
import type { AlertRule } from './alert.types';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const logger = { ...quiet, child: () => quiet } as unknown as BaseLogger;
const rule = (name: string, tenant: string | null): AlertRule => ({
  id: `id-${name}`,
  tenant,
  createdBy: null,
  name,
  expr: { series: 'http.error_ratio', comparison: '>', threshold: 0.2, forMs: 0, reduce: 'last', windowMs: 0 },
  severity: 'critical',
  source: tenant === null ? 'config' : 'api',
  createdAt: new Date(0),
});

describe('AlertNotifier', () => {
  let server: Server;
  let notifier: AlertNotifier;
  const bodies: Array<{ tenant: string | null; rule: { name: string } }> = [];

  beforeAll(async () => {
    // Refuses system rules' notifications, accepts tenants'.
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        const body = JSON.parse(text);
        bodies.push(body);
        res.writeHead(body.tenant === null ? 503 : 200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const alerts = { webhookUrls: [url], webhookMaxAttempts: 1, webhookBackoffMs: 0, webhookTimeoutMs: 2000 };
    notifier = new AlertNotifier({ values: { monitoring: { alerts } } } as unknown as BaseConfig, logger);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the rule’s tenant, and keeps the last system delivery however many tenant deliveries follow', async () => {
    const event = { kind: 'firing' as const, value: 1, silenced: false, at: new Date(), replica: 'embedded' };
    expect(await notifier.notify(rule('svc-errors', null), event, new Date())).toBe(false);
    for (let i = 0; i < 120; i++) {
      expect(await notifier.notify(rule(`desk-rule-${i}`, 'desk-a'), event, new Date())).toBe(true);
    }
    expect(bodies[0]).toMatchObject({ tenant: null, rule: { name: 'svc-errors' } });
    expect(bodies[1]).toMatchObject({ tenant: 'desk-a', rule: { name: 'desk-rule-0' } });
    expect(notifier.deliveries.toArray().some((d) => d.tenant === null)).toBe(false);
    const last = notifier.lastSystemDelivery();
    expect(last).toMatchObject({ rule: 'svc-errors', tenant: null, ok: false, error: 'HTTP 503' });
    // 121 real HTTP deliveries in a row: allow for a loaded machine beyond Jest's default 5 s.
  }, 30_000);
});
