import { createHash } from 'node:crypto';
import { Controller, Get, Post } from '@nestjs/common';
import { sign } from 'jsonwebtoken';
import request from 'supertest';
import { CurrentPrincipal, findOpenRoutes, listServedRoutes, type Principal } from '@app/infrastructure';
import { createTestApp, type TestApp } from './support/create-test-app';

/**
 * Security of the real gateway (same bootstrap as main.ts): credentials, roles, rate limits,
 * the IP allow-list, CORS preflight, the production refusal, and a walk over every /api route.
 */

const JWT_SECRET = 'e2e-jwt-secret-e2e-jwt-secret-e2e-jwt';
const KEYS = {
  viewer: 'viewer-key-2f9c1d7e5b',
  operator: 'operator-key-8a4e0c3f91',
  admin: 'admin-key-hashed-6d2b7f0a4c',
  system: 'system-key-0c5e9a1d77',
};
const API_KEYS = [
  `watcher:viewer:acme:${KEYS.viewer}`,
  `runner:operator:acme:${KEYS.operator}`,
  // The admin key is configured only by its digest.
  `ops:admin:default:sha256:${createHash('sha256').update(KEYS.admin).digest('hex')}`,
  `root:system:platform:${KEYS.system}`,
].join(',');
const AUTH_ENV = { API_KEYS, JWT_SECRET };

const META = { requestId: expect.any(String), timestamp: expect.any(String) };
const now = () => Math.floor(Date.now() / 1000);
const bearer = (claims: object, secret = JWT_SECRET) => `Bearer ${sign({ exp: now() + 600, ...claims }, secret)}`;

/** Fixture routes with no role decorator, to show the method-based defaults on the real app. */
@Controller('api/v1/security-fixture')
class FixtureController {
  @Get()
  read(@CurrentPrincipal() principal: Principal) {
    return principal;
  }

  @Post()
  write(@CurrentPrincipal() principal: Principal) {
    return principal;
  }
}

describe('security: credentials and roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(AUTH_ENV, [FixtureController]);
  });
  afterAll(() => t.close());

  it('401 UNAUTHORIZED in the error envelope without credentials', async () => {
    const res = await request(t.http).get('/api/v1/audit-log').expect(401);
    expect(res.body).toEqual({
      success: false,
      error: expect.objectContaining({ code: 'UNAUTHORIZED', message: expect.stringMatching(/X-API-Key|Bearer/) }),
      meta: META,
    });
    expect(res.headers['www-authenticate']).toMatch(/Bearer/);
    await request(t.http).get('/status').expect(401);
  });

  it('401 for an unknown API key', async () => {
    const res = await request(t.http)
      .get('/api/v1/security-fixture')
      .set('X-API-Key', 'not-a-configured-key')
      .expect(401);
    expect(res.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: 'API key is not valid' });
  });

  it('viewers read, operators write, admins reach admin routes; 403 FORBIDDEN otherwise', async () => {
    const asViewer = await request(t.http).get('/api/v1/security-fixture').set('X-API-Key', KEYS.viewer).expect(200);
    expect(asViewer.body.data).toEqual({ id: 'watcher', role: 'viewer', tenant: 'acme', authMethod: 'api-key' });
    const denied = await request(t.http).post('/api/v1/security-fixture').set('X-API-Key', KEYS.viewer).expect(403);
    expect(denied.body).toEqual({ success: false, error: expect.objectContaining({ code: 'FORBIDDEN' }), meta: META });
    await request(t.http).post('/api/v1/security-fixture').set('Authorization', `ApiKey ${KEYS.operator}`).expect(201);
    await request(t.http).get('/api/v1/audit-log').set('X-API-Key', KEYS.operator).expect(403);
    await request(t.http).get('/status').set('X-API-Key', KEYS.viewer).expect(200);
  });

  it("shows service-wide figures (component details, cache, config) to the system admin only; a tenant's admin gets states", async () => {
    for (const key of [KEYS.viewer, KEYS.admin]) {
      const status = (await request(t.http).get('/status').set('X-API-Key', key).expect(200)).body.data;
      expect(status).toMatchObject({ service: 'ai-orchestration-service', phase: 'ready', mode: 'embedded' });
      expect(status).not.toHaveProperty('config');
      expect(status).not.toHaveProperty('cache');
      expect(status.components.handit).toEqual({ state: expect.any(String) });
      const health = (await request(t.http).get('/api/v1/monitoring/health').set('X-API-Key', key).expect(200)).body
        .data;
      expect(Object.values(health.components).every((c) => Object.keys(c as object).join() === 'state')).toBe(true);
    }
    const full = (await request(t.http).get('/status').set('X-API-Key', KEYS.system).expect(200)).body.data;
    expect(full.config.service.port).toBe(8003);
    expect(full.components.handit.details).toEqual(expect.any(Object));
    const health = (await request(t.http).get('/api/v1/monitoring/health').set('X-API-Key', KEYS.system).expect(200))
      .body.data;
    expect(health.components.handit.details).toEqual(expect.any(Object));
  });

  it('accepts an API key configured in sha256 form', async () => {
    await request(t.http).get('/api/v1/audit-log').set('X-API-Key', KEYS.admin).expect(200);
    const me = await request(t.http).get('/api/v1/security-fixture').set('X-API-Key', KEYS.admin).expect(200);
    expect(me.body.data).toMatchObject({ id: 'ops', role: 'admin', tenant: 'default' });
  });

  it('JWT: a valid token authenticates with its sub, role and tenant', async () => {
    const res = await request(t.http)
      .get('/api/v1/security-fixture')
      .set('Authorization', bearer({ sub: 'user-42', role: 'operator', tenant: 'acme' }))
      .expect(200);
    expect(res.body.data).toEqual({ id: 'user-42', role: 'operator', tenant: 'acme', authMethod: 'jwt' });
    await request(t.http)
      .get('/api/v1/audit-log')
      .set('Authorization', bearer({ sub: 'root', role: 'admin', tenant: 'acme' }))
      .expect(200);
  });

  it('JWT: a token without a tenant claim → 401 missing_tenant, never the default tenant', async () => {
    const res = await request(t.http)
      .get('/api/v1/security-fixture')
      .set('Authorization', bearer({ sub: 'user-7', role: 'admin' }))
      .expect(401);
    expect(res.body.error).toMatchObject({ code: 'UNAUTHORIZED', details: { reason: 'missing_tenant' } });
  });

  it('JWT: JWT_DEFAULT_TENANT places a token without a tenant claim in that tenant (explicit opt-in)', async () => {
    const t2 = await createTestApp({ ...AUTH_ENV, JWT_DEFAULT_TENANT: 'desk-a' }, [FixtureController]);
    try {
      const res = await request(t2.http)
        .get('/api/v1/security-fixture')
        .set('Authorization', bearer({ sub: 'user-7' }))
        .expect(200);
      expect(res.body.data).toMatchObject({ id: 'user-7', tenant: 'desk-a' });
    } finally {
      await t2.close();
    }
  });

  it('JWT: expired → 401 saying so', async () => {
    const expired = sign({ sub: 'user-42', role: 'admin', exp: now() - 120 }, JWT_SECRET);
    const res = await request(t.http).get('/api/v1/audit-log').set('Authorization', `Bearer ${expired}`).expect(401);
    expect(res.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/expired/) });
  });

  it('JWT: bad signature → 401 saying so', async () => {
    const forged = bearer({ sub: 'mallory', role: 'admin' }, 'not-the-server-secret-not-the-server-secret');
    const res = await request(t.http).get('/api/v1/audit-log').set('Authorization', forged).expect(401);
    expect(res.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringMatching(/signature/) });
  });

  it('JWT: alg none and tokens without exp are refused', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'x', role: 'admin', exp: now() + 600 })}.`;
    await request(t.http).get('/api/v1/audit-log').set('Authorization', `Bearer ${unsigned}`).expect(401);
    const forever = sign({ sub: 'x', role: 'admin' }, JWT_SECRET);
    await request(t.http).get('/api/v1/audit-log').set('Authorization', `Bearer ${forever}`).expect(401);
  });

  it('/health and /metrics stay open', async () => {
    await request(t.http).get('/health/live').expect(200);
    await request(t.http).get('/metrics').expect(200);
  });
});

describe('security: no /api route is left open', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(AUTH_ENV);
  });
  afterAll(() => t.close());

  it('the router walk finds /api routes and none is reachable without auth', () => {
    const apiRoutes = listServedRoutes(t.app).filter((r) => r.path.startsWith('/api/'));
    expect(apiRoutes).toContainEqual({ method: 'GET', path: '/api/v1/audit-log' });
    expect(findOpenRoutes(t.app, '/api')).toEqual([]);
  });

  it('every /api route answers 401 to a request without credentials', async () => {
    const apiRoutes = listServedRoutes(t.app).filter((r) => r.path.startsWith('/api/'));
    for (const route of apiRoutes) {
      // Fill path parameters with a dummy value; the guard runs before any lookup.
      const path = route.path.replace(/:\w+/g, 'x').replace(/\{?\*\w+\}?/g, 'x');
      const method = (route.method === 'ALL' ? 'get' : route.method.toLowerCase()) as 'get';
      const res = await request(t.http)[method](path);
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
      });
    }
  });
});

describe('security: rate limiting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...AUTH_ENV, RATE_LIMIT_MAX: '3', RATE_LIMIT_TTL_MS: '60000' });
  });
  afterAll(() => t.close());

  it('429 RATE_LIMITED with Retry-After past the limit, per principal', async () => {
    for (let i = 0; i < 3; i++) await request(t.http).get('/status').set('X-API-Key', KEYS.viewer).expect(200);
    const res = await request(t.http).get('/status').set('X-API-Key', KEYS.viewer).expect(429);
    expect(res.body).toEqual({ success: false, error: expect.objectContaining({ code: 'RATE_LIMITED' }), meta: META });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another principal from the same address still has its own budget.
    await request(t.http).get('/status').set('X-API-Key', KEYS.operator).expect(200);
  });

  it('does not limit health probes', async () => {
    for (let i = 0; i < 6; i++) await request(t.http).get('/health/live').expect(200);
  });
});

describe('security: IP allow-list', () => {
  it('403 FORBIDDEN for a client outside IP_ALLOWLIST, before credentials are checked', async () => {
    const t = await createTestApp({ ...AUTH_ENV, IP_ALLOWLIST: '10.0.0.0/8,2001:db8::/32' });
    try {
      const res = await request(t.http).get('/status').set('X-API-Key', KEYS.viewer).expect(403);
      expect(res.body).toEqual({ success: false, error: expect.objectContaining({ code: 'FORBIDDEN' }), meta: META });
      await request(t.http).get('/status').expect(403);
      // Without TRUST_PROXY a forged X-Forwarded-For changes nothing.
      await request(t.http).get('/status').set('X-API-Key', KEYS.viewer).set('X-Forwarded-For', '10.1.2.3').expect(403);
    } finally {
      await t.close();
    }
  });

  it('lets probes through by default, so a pod with an allow-list becomes ready; IP_ALLOWLIST_EXEMPT_PATHS can close them', async () => {
    const t = await createTestApp({ ...AUTH_ENV, IP_ALLOWLIST: '10.0.0.0/8' });
    try {
      await request(t.http).get('/health/live').expect(200);
      await request(t.http).get('/health/ready').expect(200);
      await request(t.http).get('/metrics').expect(403);
    } finally {
      await t.close();
    }
    const closed = await createTestApp({ ...AUTH_ENV, IP_ALLOWLIST: '10.0.0.0/8', IP_ALLOWLIST_EXEMPT_PATHS: '/none' });
    try {
      await request(closed.http).get('/health/live').expect(403);
    } finally {
      await closed.close();
    }
  });

  it('allows a listed client behind a trusted proxy (TRUST_PROXY + X-Forwarded-For)', async () => {
    const t = await createTestApp({ ...AUTH_ENV, IP_ALLOWLIST: '10.0.0.0/8,2001:db8::/32', TRUST_PROXY: 'loopback' });
    try {
      await request(t.http).get('/status').set('X-API-Key', KEYS.viewer).set('X-Forwarded-For', '10.1.2.3').expect(200);
      await request(t.http)
        .get('/status')
        .set('X-API-Key', KEYS.viewer)
        .set('X-Forwarded-For', '2001:db8:1::9')
        .expect(200);
      await request(t.http)
        .get('/status')
        .set('X-API-Key', KEYS.viewer)
        .set('X-Forwarded-For', '192.0.2.1')
        .expect(403);
    } finally {
      await t.close();
    }
  });
});

describe('security: CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...AUTH_ENV, CORS_ORIGINS: 'https://console.example.com' });
  });
  afterAll(() => t.close());

  it('answers a preflight from an allowed origin without credentials', async () => {
    const res = await request(t.http)
      .options('/api/v1/audit-log')
      .set('Origin', 'https://console.example.com')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'x-api-key,content-type');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://console.example.com');
    expect(res.headers['access-control-allow-methods']).toMatch(/POST/);
    expect(res.headers['access-control-allow-headers']?.toLowerCase()).toMatch(/x-api-key/);
  });

  it('gives no CORS grant to another origin', async () => {
    const res = await request(t.http)
      .options('/api/v1/audit-log')
      .set('Origin', 'https://evil.example.net')
      .set('Access-Control-Request-Method', 'GET');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('security: start-up', () => {
  it('refuses to start in production without API keys or a JWT secret', async () => {
    await expect(createTestApp({ NODE_ENV: 'production' })).rejects.toThrow(/API_KEYS.*JWT_SECRET.*AUTH_DISABLED/s);
  });

  it('refuses to start in production with a JWT secret under 32 bytes', async () => {
    await expect(createTestApp({ NODE_ENV: 'production', JWT_SECRET: 'k' })).rejects.toThrow(
      /JWT_SECRET is shorter than 32 bytes/,
    );
  });

  it('starts in production with AUTH_DISABLED=true, serving everyone as an anonymous admin', async () => {
    const t = await createTestApp({ NODE_ENV: 'production', AUTH_DISABLED: 'true' });
    try {
      await request(t.http).get('/api/v1/audit-log').expect(200);
    } finally {
      await t.close();
    }
  });
});
