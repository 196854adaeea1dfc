import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildApp, startService } from './support/child-app';

// Two services start one after the other on a shared 2-core machine.
jest.setTimeout(120_000);

const SYSTEM_KEY = 'system-key-two-processes-0123';
const OPERATOR_KEY = 'operator-key-two-processes-0123';
const MISSING_TASK = '/api/v1/ai-orchestration/tasks/01J0000000000000000000000Z';

/** Two processes of the built service on one SQLite file, as two replicas would share it. */
describe('audit trail: two processes on one SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-shared-'));
  const env = {
    SQLITE_PATH: join(dir, 'shared.db'),
    API_KEYS: `root:system:default:${SYSTEM_KEY},op:operator:t1:${OPERATOR_KEY}`,
    RATE_LIMIT_MAX: '0',
    LOG_LEVEL: 'warn',
    // Small batches, so the two processes append many times, interleaved.
    AUDIT_BATCH_MAX: '3',
  };
  const children: ChildApp[] = [];

  afterAll(async () => {
    for (const child of children) if (child.proc.exitCode === null) child.proc.kill('SIGTERM');
    await Promise.all(children.map((child) => child.exited));
    rmSync(dir, { recursive: true, force: true });
  });

  it('serialises both writers’ appends into one chain that verifies', async () => {
    children.push(await startService(env));
    children.push(await startService(env));
    const urls = children.map((child) => `http://127.0.0.1:${child.port}`);
    const writes = Array.from({ length: 120 }, (_, i) =>
      fetch(`${urls[i % 2]}${MISSING_TASK}`, { method: 'DELETE', headers: { 'X-API-Key': OPERATOR_KEY } }),
    );
    expect(new Set((await Promise.all(writes)).map((res) => res.status))).toEqual(new Set([404]));

    type Report = { ok: boolean; checked: number; head: { seq: number } };
    let report: Report | undefined;
    for (let attempt = 0; attempt < 50 && (report?.checked ?? 0) < 120; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const res = await fetch(`${urls[0]}/api/v1/audit-log/verify`, { headers: { 'X-API-Key': SYSTEM_KEY } });
      report = ((await res.json()) as { data: Report }).data;
    }
    expect(report).toMatchObject({ ok: true, checked: 120, head: { seq: 120 } });
    // Each append waited for the other process's lock instead of failing and retrying.
    for (const url of urls) {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/^audit_write_failures_total 0$/m);
      expect(Number(/^audit_entries_written_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    }
  });
});
