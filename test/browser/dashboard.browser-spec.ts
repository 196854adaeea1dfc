import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import type { Browser } from 'playwright-core';
import { MetricSampler } from '@app/monitoring-orchestrator';
import { createTestApp, TestApp } from '../support/create-test-app';
import { launchChromium } from './chromium';

/** Issue 9, "Must show" 5: the dashboard in a real browser, with nothing leaving 127.0.0.1. */
const KEY = 'dash-viewer-key-51c7';
const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');

describe('dashboard in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ API_KEYS: `dash:viewer:default:${KEY}`, SCHEDULER_ENABLED: 'true' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    // Traffic and samples before the page loads, so every chart has points to draw.
    const sampler = t.app.get(MetricSampler);
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 5; j++) await request(t.http).get('/health/live').expect(200);
      await request(t.http).get('/api/v1/monitoring/nope').set('X-API-Key', KEY).expect(404);
      await sampler.sample();
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows every component, live charts with data, and leaves 127.0.0.1 for nothing', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
    const page = await context.newPage();
    const offHost: string[] = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      offHost.push(url.href);
      return route.abort();
    });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // The first data request is a 401 on purpose (no key yet); anything else is a problem.
      if (m.type() === 'error' && !/401/.test(m.text())) problems.push(`console: ${m.text()}`);
    });

    const response = await page.goto(`${base}/dashboard`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");

    // Without a key the page asks for one; with it, data arrives.
    await page.waitForSelector('#auth.visible');
    await page.fill('#api-key', KEY);
    await Promise.all([page.waitForNavigation(), page.click('#auth-form button')]);
    await page.waitForSelector('#status-line[data-updated]');

    const health = (await request(t.http).get('/api/v1/monitoring/health').set('X-API-Key', KEY).expect(200)).body.data;
    const expected = Object.keys(health.components).sort();
    expect(expected).toEqual(expect.arrayContaining(['monitoring', 'scheduler']));
    const shown = await page.$$eval('#health .component', (cards) =>
      cards.map((c) => [c.getAttribute('data-component'), c.getAttribute('data-state')] as [string, string]),
    );
    expect(shown.map(([name]) => name).sort()).toEqual(expected);
    for (const [name, state] of shown) expect(state).toBe(health.components[name].state);

    const points = Number(await page.getAttribute('#chart-requests', 'data-points'));
    expect(points).toBeGreaterThan(0);
    expect(await page.$$('#chart-requests canvas')).not.toHaveLength(0);
    expect(Number(await page.getAttribute('#chart-latency', 'data-points'))).toBeGreaterThan(0);
    expect(
      await page.$$eval('#queues tbody tr', (rows) => rows.map((r) => r.firstElementChild?.textContent)),
    ).toContain('scheduler.runs');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    expect(offHost).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
