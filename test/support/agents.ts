import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { MailboxSweeper } from '@app/agent-coordinator';
import { ModelRegistry } from '@app/handit';
import { Clock, ManualClock } from '@app/infrastructure';
import { createTestApp, TestApp } from './create-test-app';

export const AGENTS = '/api/v1/agents';
export const RUNS = '/api/v1/coordination/runs';

export const KEYS = {
  operator: 'agents-operator-key-5d2c',
  admin: 'agents-admin-key-8e1f',
  viewer: 'agents-viewer-key-3b7a',
  other: 'agents-other-tenant-key-9c4d',
  system: 'agents-system-key-4f0b',
};
export const AUTH_ENV = {
  API_KEYS: [
    `ops:operator:acme:${KEYS.operator}`,
    `root:admin:acme:${KEYS.admin}`,
    `watch:viewer:acme:${KEYS.viewer}`,
    `rival:operator:globex:${KEYS.other}`,
    `sysadmin:system:acme:${KEYS.system}`,
  ].join(','),
};

export interface AgentsHarness {
  t: TestApp;
  api(method: 'get' | 'post' | 'patch' | 'delete', path: string, role?: keyof typeof KEYS): request.Test;
  close(): Promise<void>;
}

export async function bootAgents(env: Record<string, string> = {}): Promise<AgentsHarness> {
  const t = await createTestApp({ ...AUTH_ENV, HANDIT_WORKER_THREADS: '0', SHUTDOWN_TIMEOUT_MS: '2000', ...env });
  return {
    t,
    api: (method, path, role = 'operator') => request(t.http)[method](path).set('X-API-Key', KEYS[role]),
    close: () => t.close(),
  };
}

/**
 * Agents on a manual clock with a long sweep interval and 5 s leases: the test moves the clock
 * the leases are stamped with and runs the sweeps itself.
 */
export async function bootAgentsOnManualClock(): Promise<{
  h: AgentsHarness;
  clock: ManualClock;
  sweeper: MailboxSweeper;
}> {
  const h = await bootAgents({
    AGENTS_SWEEP_INTERVAL_MS: '3600000',
    AGENTS_LEASE_MS: '5000',
    AGENTS_NACK_DELAY_MS: '0',
  });
  const clock = new ManualClock(Date.now());
  h.t.app.get(Clock).use(clock);
  return { h, clock, sweeper: h.t.app.get(MailboxSweeper) };
}

/**
 * Boots agents on a manual clock (as bootAgentsOnManualClock) before the enclosing describe's
 * tests, hands them to `receive`, and closes them after the last test.
 */
export function agentsOnManualClockForSuite(
  receive: (booted: Awaited<ReturnType<typeof bootAgentsOnManualClock>>) => void,
): void {
  let h: AgentsHarness | undefined;
  beforeAll(async () => {
    const booted = await bootAgentsOnManualClock();
    h = booted.h;
    receive(booted);
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });
}

export function tempDb(): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'aio-agents-'));
  return { path: join(dir, 'orchestration.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function registerExternal(
  h: AgentsHarness,
  name: string,
  capabilities: string[],
  extra: Record<string, unknown> = {},
  role: keyof typeof KEYS = 'operator',
): Promise<any> {
  const res = await h.api('post', AGENTS, role).send({ name, kind: 'external', capabilities, ...extra });
  if (res.status !== 201) throw new Error(`register ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}

/** Built-in agents by name (model id). */
export async function builtinAgents(h: AgentsHarness): Promise<Record<string, any>> {
  const res = await h.api('get', `${AGENTS}?kind=builtin&limit=100`).expect(200);
  return Object.fromEntries(res.body.data.items.map((a: any) => [a.name, a]));
}

/** Claims messages from an agent's mailbox (`query` e.g. `?max=5`); each comes with its lease. */
export async function claimMessages(h: AgentsHarness, agentId: string, query = ''): Promise<any[]> {
  return (await h.api('get', `${AGENTS}/${agentId}/messages${query}`).expect(200)).body.data;
}

/** Acknowledges a claimed message under its lease, with `output` as its result. */
export async function ackMessage(h: AgentsHarness, agentId: string, message: any, output?: unknown): Promise<void> {
  await h
    .api('post', `${AGENTS}/${agentId}/messages/${message.id}/ack`)
    .send({ leaseId: message.leaseId, output })
    .expect(200);
}

export async function getAgent(h: AgentsHarness, id: string): Promise<any> {
  return (await h.api('get', `${AGENTS}/${id}`).expect(200)).body.data;
}

export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  ms = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Makes one specialist model fail (its engine throws) until the returned function is called: a
 * real fault inside the real pipeline (Handit runs the task, it fails, the agent reports it).
 */
export function breakModel(t: TestApp, modelId: string): () => void {
  const model = t.app.get(ModelRegistry, { strict: false }).get(modelId);
  const original = model.execute.bind(model);
  model.execute = async () => {
    throw new Error(`injected fault in ${modelId}`);
  };
  return () => {
    model.execute = original;
  };
}
