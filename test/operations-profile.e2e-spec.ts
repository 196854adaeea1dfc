import request from 'supertest';
import { AuditWriter, loadConfig } from '@app/infrastructure';
import { startService, type ChildApp } from './support/child-app';
import { createTestApp, createTestAppForSuite, TestApp } from './support/create-test-app';

jest.setTimeout(60_000);

const PROFILE = '/api/v1/operations/profile';
const ADMIN = { 'X-API-Key': 'profile-admin-key' };
const SYSTEM = { 'X-API-Key': 'profile-system-key' };
const OPERATOR = { 'X-API-Key': 'profile-operator-key' };
const KEYS =
  'adm:admin:tenant-a:profile-admin-key,root:system:ops:profile-system-key,op:operator:tenant-a:profile-operator-key';

/** Reads a binary answer as text (supertest buffers octet-stream only when asked). */
function binary(req: request.Test): request.Test {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

describe('POST /api/v1/operations/profile', () => {
  let t: TestApp;

  createTestAppForSuite((app) => (t = app), { API_KEYS: KEYS, PROFILING_MAX_SECONDS: '3' });

  it('captures a CPU profile DevTools can load, as an attachment, and audits it', async () => {
    // Some work while sampling, so the profile has more than the idle node.
    const busy = setInterval(() => JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ i }))), 5);
    const res = await binary(request(t.http).post(PROFILE).set(ADMIN).send({ kind: 'cpu', seconds: 1 })).expect(200);
    clearInterval(busy);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename=".+\.cpuprofile"$/);
    expect(res.headers['content-type']).toMatch(/^application\/octet-stream/);
    const profile = JSON.parse((res.body as Buffer).toString('utf8'));
    expect(profile.nodes.length).toBeGreaterThan(1);
    expect(profile.nodes[0]).toEqual(
      expect.objectContaining({ id: expect.any(Number), callFrame: expect.any(Object) }),
    );
    expect(profile.samples.length).toBeGreaterThan(0);
    expect(profile.timeDeltas).toHaveLength(profile.samples.length);
    expect(profile.endTime - profile.startTime).toBeGreaterThanOrEqual(900_000); // µs

    await t.app.get(AuditWriter).flush();
    const audit = await request(t.http).get('/api/v1/audit-log?action=operations.profile').set(ADMIN).expect(200);
    expect(audit.body.data.items[0]).toEqual(
      expect.objectContaining({
        action: 'operations.profile',
        principalId: 'adm',
        outcome: 'success',
        details: expect.objectContaining({ kind: 'cpu', seconds: 1, bytes: (res.body as Buffer).length }),
      }),
    );
  });

  it('captures one at a time: a second concurrent request is 409', async () => {
    const first = binary(request(t.http).post(PROFILE).set(ADMIN).send({ kind: 'cpu', seconds: 2 }));
    const firstDone = first.then((r) => r);
    // The first capture holds the profiler from before its 2 s wait until it answers.
    let second: request.Response | undefined;
    for (let i = 0; i < 40 && second?.status !== 409; i++) {
      await new Promise((r) => setTimeout(r, 50));
      second = await request(t.http).post(PROFILE).set(ADMIN).send({ kind: 'cpu', seconds: 1 });
      if (second.status === 200) break;
    }
    expect(second?.status).toBe(409);
    expect(second?.body.error.code).toBe('CONFLICT');
    expect((await firstDone).status).toBe(200);
  });

  it('refuses bad input, lower roles, and bounds the duration', async () => {
    const bad: [unknown, string][] = [
      [{ kind: 'gpu' }, 'kind'],
      [{ kind: 'cpu', seconds: 0 }, 'seconds'],
      [{ kind: 'cpu', seconds: 4 }, 'seconds'], // over PROFILING_MAX_SECONDS=3
      [{ kind: 'cpu', seconds: 1.5 }, 'seconds'],
      [{ kind: 'cpu', extra: true }, 'extra'],
    ];
    for (const [body, field] of bad) {
      const res = await request(t.http)
        .post(PROFILE)
        .set(ADMIN)
        .send(body as object);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    await request(t.http).post(PROFILE).set(OPERATOR).send({ kind: 'cpu', seconds: 1 }).expect(403);
    await request(t.http).post(PROFILE).send({ kind: 'cpu', seconds: 1 }).expect(401);
  });
});

describe('a heap snapshot of the built service (a child process, as deployed)', () => {
  let service: ChildApp;

  beforeAll(async () => {
    service = await startService({ API_KEYS: KEYS, LOG_LEVEL: 'error' });
  }, 60_000);
  afterAll(async () => {
    service?.proc.kill('SIGTERM');
    await service?.exited;
  });

  it('is the system admin’s only, and is JSON with snapshot.meta as DevTools reads it', async () => {
    const url = `http://127.0.0.1:${service.port}${PROFILE}`;
    const post = (headers: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ kind: 'heap' }),
      });
    const refused = await post(ADMIN);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { details: unknown } }).error.details).toEqual(
      expect.objectContaining({ requiredRole: 'system' }),
    );
    const res = await post(SYSTEM);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.heapsnapshot"$/);
    const snapshot = JSON.parse(await res.text());
    expect(snapshot.snapshot.meta.node_fields).toContain('name');
    expect(snapshot.snapshot.node_count).toBeGreaterThan(1000);
    expect(snapshot.nodes.length).toBe(snapshot.snapshot.node_count * snapshot.snapshot.meta.node_fields.length);
    expect(snapshot.strings.length).toBeGreaterThan(0);
  });
});

describe('profiling in production', () => {
  const production = { NODE_ENV: 'production', API_KEYS: KEYS };

  it('is off unless PROFILING_ENABLED=true', async () => {
    const off = await createTestApp(production);
    try {
      const res = await request(off.http).post(PROFILE).set(ADMIN).send({ kind: 'cpu', seconds: 1 }).expect(403);
      expect(res.body.error.details).toEqual({ reason: 'profiling_disabled', setting: 'PROFILING_ENABLED' });
    } finally {
      await off.close();
    }
    const on = await createTestApp({ ...production, PROFILING_ENABLED: 'true' });
    try {
      await binary(request(on.http).post(PROFILE).set(ADMIN).send({ kind: 'cpu', seconds: 1 })).expect(200);
    } finally {
      await on.close();
    }
  });

  it('refuses a bad PROFILING_ENABLED at start-up', () => {
    expect(() => loadConfig({ env: { PROFILING_ENABLED: 'maybe' } })).toThrow(/monitoring\.profiling\.enabled/);
  });
});
