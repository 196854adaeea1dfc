import type { AddressInfo } from 'node:net';
import { Client } from '@langchain/langgraph-sdk';
import { createTestApp, type TestApp } from './create-test-app';

export const LG_KEYS = {
  alice: 'lg-alice-key-000000000000000000001',
  aliceViewer: 'lg-alice-viewer-key-0000000000001',
  bob: 'lg-bob-key-00000000000000000000001',
};

export interface SdkApp {
  app: TestApp;
  baseUrl: string;
  /** The unmodified SDK Client for a key, pointed at /api/v1/langgraph. */
  client(key?: string): Client;
  close(): Promise<void>;
}

/** Boots the gateway in-process on a loopback port, with API keys for two tenants. */
export async function startSdkApp(env: Record<string, string> = {}): Promise<SdkApp> {
  const app = await createTestApp({
    API_KEYS: [
      `alice:operator:desk-a:${LG_KEYS.alice}`,
      `alice-viewer:viewer:desk-a:${LG_KEYS.aliceViewer}`,
      `bob:operator:desk-b:${LG_KEYS.bob}`,
    ].join(','),
    RATE_LIMIT_MAX: '0',
    ...env,
  });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}`;
  return {
    app,
    baseUrl,
    client: (key = LG_KEYS.alice) =>
      new Client({ apiUrl: `${baseUrl}/api/v1/langgraph`, apiKey: key, callerOptions: { maxRetries: 0 } }),
    close: () => app.close(),
  };
}

/**
 * Starts the app (startSdkApp) before the enclosing describe's tests and closes it after the last
 * one; answers a getter for it, which the scenario suites take.
 */
export function sdkAppForSuite(): () => SdkApp {
  let sdk: SdkApp | undefined;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(async () => {
    await sdk?.close();
  });
  return () => sdk as SdkApp;
}

/** Polls until `check` returns a truthy value (or throws after `ms`). */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false>,
  ms = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
