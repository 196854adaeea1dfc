import {
  Catch,
  Controller,
  Delete,
  Get,
  Post,
  type ArgumentsHost,
  type ExceptionFilter,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Express, Response } from 'express';
import { sign } from 'jsonwebtoken';
import request from 'supertest';
import { createHash } from 'node:crypto';
import { AppError } from '../core/errors/app-error';
import { CurrentPrincipal, Public, RequireRole } from './decorators';
import type { Principal } from './principal';
import { findOpenRoutes } from './route-walker';
import type { SecurityOptions } from './security-options';
import { SecurityModule } from './security.module';

/**
 * The security module in a minimal app (not the gateway): proves the guards' behaviour and order
 * independently of the rest of the composition. test/security.e2e-spec.ts covers the real app.
 */

const SECRET = 'unit-test-jwt-secret-unit-test-jwt-secret';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Stand-in for the gateway's global filter: enough envelope to assert codes and headers. */
@Catch()
class TestFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (err instanceof AppError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) res.setHeader(k, v);
      res
        .status(err.status)
        .json({ success: false, error: { code: err.code, message: err.message, details: err.details } });
      return;
    }
    const status = (err as { getStatus?: () => number }).getStatus?.() ?? 500;
    res
      .status(status)
      .json({ success: false, error: { code: status === 404 ? 'NOT_FOUND' : 'INTERNAL', message: String(err) } });
  }
}

@Controller('api/v1/things')
class ThingsController {
  @Get()
  list(@CurrentPrincipal() principal: Principal) {
    return { principal };
  }

  @Post()
  create(@CurrentPrincipal('tenant') tenant: string) {
    return { created: true, tenant };
  }

  @Delete()
  @RequireRole('admin')
  purge() {
    return { purged: true };
  }
}

@Controller('api/v1/open')
class OpenController {
  @Get()
  @Public()
  hello(@CurrentPrincipal() principal: Principal) {
    return { principal };
  }
}

@Controller('health')
class HealthController {
  @Get()
  health() {
    return { status: 'ok' };
  }
}

@Controller('healthz')
class NotHealthController {
  @Get()
  nope() {
    return { status: 'not open' };
  }
}

const baseOptions: SecurityOptions = {
  apiKeys: [
    'watcher:viewer:acme:viewer-key-0123456789',
    'runner:operator:acme:operator-key-0123456789',
    `boss:admin:root:sha256:${sha('admin-key-0123456789')}`,
  ],
  jwt: { secret: SECRET, clockToleranceSec: 0 },
  authDisabled: false,
  openPaths: ['/health', '/metrics', '/docs'],
  ipAllowlist: [],
  rateLimit: { ttlMs: 60_000, max: 1000 },
  nodeEnv: 'test',
};

async function boot(overrides: Partial<SecurityOptions> = {}, configure?: (app: INestApplication) => void) {
  const moduleRef = await Test.createTestingModule({
    imports: [SecurityModule.forRoot({ ...baseOptions, ...overrides })],
    controllers: [ThingsController, OpenController, HealthController, NotHealthController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new TestFilter());
  configure?.(app);
  await app.init();
  return app;
}

const jwtFor = (claims: object, secret = SECRET) =>
  sign({ exp: Math.floor(Date.now() / 1000) + 600, ...claims }, secret);

describe('SecurityModule (auth enforced)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await boot();
  });
  afterAll(() => app.close());
  const http = () => request(app.getHttpServer());

  it('401 without credentials, with WWW-Authenticate', async () => {
    const res = await http().get('/api/v1/things').expect(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
    expect(res.body.error.message).toMatch(/X-API-Key|Bearer/);
    expect(res.headers['www-authenticate']).toMatch(/Bearer/);
  });

  it('401 for an unknown key, and for an unsupported scheme', async () => {
    expect((await http().get('/api/v1/things').set('X-API-Key', 'nope').expect(401)).body.error.message).toMatch(
      /not valid/,
    );
    await http().get('/api/v1/things').set('Authorization', 'Basic dXNlcjpwdw==').expect(401);
  });

  it('accepts X-API-Key and Authorization: ApiKey, attaching the principal', async () => {
    const res = await http().get('/api/v1/things').set('X-API-Key', 'viewer-key-0123456789').expect(200);
    expect(res.body.principal).toEqual({ id: 'watcher', role: 'viewer', tenant: 'acme', authMethod: 'api-key' });
    await http().get('/api/v1/things').set('Authorization', 'ApiKey operator-key-0123456789').expect(200);
  });

  it('accepts a key configured in sha256 form', async () => {
    const res = await http().get('/api/v1/things').set('X-API-Key', 'admin-key-0123456789').expect(200);
    expect(res.body.principal).toMatchObject({ id: 'boss', role: 'admin', tenant: 'root' });
  });

  it('403 when a viewer writes; operators write; only admins reach @RequireRole(admin)', async () => {
    const denied = await http().post('/api/v1/things').set('X-API-Key', 'viewer-key-0123456789').expect(403);
    expect(denied.body.error).toMatchObject({
      code: 'FORBIDDEN',
      details: { requiredRole: 'operator', role: 'viewer' },
    });
    expect((await http().post('/api/v1/things').set('X-API-Key', 'operator-key-0123456789').expect(201)).body).toEqual({
      created: true,
      tenant: 'acme',
    });
    await http().delete('/api/v1/things').set('X-API-Key', 'operator-key-0123456789').expect(403);
    await http().delete('/api/v1/things').set('X-API-Key', 'admin-key-0123456789').expect(200);
  });

  it('JWT: valid, expired and bad signature', async () => {
    const ok = await http()
      .get('/api/v1/things')
      .set('Authorization', `Bearer ${jwtFor({ sub: 'u1', tenant: 't9' })}`)
      .expect(200);
    expect(ok.body.principal).toEqual({ id: 'u1', role: 'viewer', tenant: 't9', authMethod: 'jwt' });
    const expired = sign({ sub: 'u1', exp: Math.floor(Date.now() / 1000) - 10 }, SECRET);
    expect(
      (await http().get('/api/v1/things').set('Authorization', `Bearer ${expired}`).expect(401)).body.error.message,
    ).toMatch(/expired/);
    const forged = jwtFor({ sub: 'u1', role: 'admin' }, 'some-other-secret-some-other-secret');
    expect(
      (await http().get('/api/v1/things').set('Authorization', `Bearer ${forged}`).expect(401)).body.error.message,
    ).toMatch(/signature/);
  });

  it('@Public and open paths need no credentials; look-alike paths are not open', async () => {
    expect((await http().get('/api/v1/open').expect(200)).body.principal).toMatchObject({
      authMethod: 'anonymous',
      role: 'viewer',
    });
    expect(
      (await http().get('/api/v1/open').set('X-API-Key', 'operator-key-0123456789').expect(200)).body.principal.id,
    ).toBe('runner');
    await http().get('/health').expect(200);
    await http().get('/HEALTH').expect(200); // Express is case-insensitive; the route template decides
    await http().get('/healthz').expect(401);
  });

  it('findOpenRoutes reports the @Public /api route and nothing else', () => {
    expect(findOpenRoutes(app)).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/api/v1/open',
        reason: 'public-decorator',
        controller: 'OpenController',
      }),
    ]);
  });
});

describe('SecurityModule (route walker)', () => {
  it('flags a route registered on Express directly, which no guard protects', async () => {
    const app = await boot({}, (a) => {
      (a.getHttpAdapter().getInstance() as Express).get('/api/v1/backdoor', (_req, res) => {
        res.json({ open: true });
      });
    });
    try {
      expect(findOpenRoutes(app).map((r) => `${r.method} ${r.path}: ${r.reason}`)).toEqual([
        'GET /api/v1/backdoor: registered outside Nest: no guard runs for it',
        'GET /api/v1/open: public-decorator',
      ]);
    } finally {
      await app.close();
    }
  });
});

describe('SecurityModule (auth disabled)', () => {
  it('runs every request as the anonymous system admin in tenant default', async () => {
    const app = await boot({ authDisabled: true });
    try {
      const res = await request(app.getHttpServer()).get('/api/v1/things').expect(200);
      expect(res.body.principal).toEqual({
        id: 'anonymous',
        role: 'system',
        tenant: 'default',
        authMethod: 'anonymous',
      });
      await request(app.getHttpServer()).delete('/api/v1/things').expect(200);
      expect(findOpenRoutes(app).every((r) => r.reason === 'auth-not-enforced')).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('refuses to build in production without credentials', async () => {
    await expect(boot({ apiKeys: [], jwt: { clockToleranceSec: 0 }, nodeEnv: 'production' })).rejects.toThrow(
      /Refusing to start/,
    );
  });
});

describe('SecurityModule (rate limiting)', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await boot({ rateLimit: { ttlMs: 60_000, max: 3 } });
  });
  afterAll(() => app.close());
  const http = () => request(app.getHttpServer());

  it('429 RATE_LIMITED with Retry-After once a principal exceeds its budget, across routes', async () => {
    const key = 'viewer-key-0123456789';
    await http().get('/api/v1/things').set('X-API-Key', key).expect(200);
    await http().get('/api/v1/open').set('X-API-Key', key).expect(200);
    await http().get('/api/v1/things').set('X-API-Key', key).expect(200);
    const res = await http().get('/api/v1/things').set('X-API-Key', key).expect(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another principal from the same address has its own budget.
    await http().get('/api/v1/things').set('X-API-Key', 'operator-key-0123456789').expect(200);
  });

  it('counts bad credentials per client address (brute force is limited too)', async () => {
    for (let i = 0; i < 3; i++) await http().get('/api/v1/things').set('X-API-Key', `guess-${i}`).expect(401);
    await http().get('/api/v1/things').set('X-API-Key', 'guess-4').expect(429);
  });

  it('never limits health probes', async () => {
    for (let i = 0; i < 6; i++) await http().get('/health').expect(200);
  });
});

describe('SecurityModule (IP allow-list)', () => {
  it('403 outside the list, exempt paths pass', async () => {
    const app = await boot({ ipAllowlist: ['10.0.0.0/8'], ipAllowlistExemptPaths: ['/health'] });
    try {
      const res = await request(app.getHttpServer())
        .get('/api/v1/things')
        .set('X-API-Key', 'viewer-key-0123456789')
        .expect(403);
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'ip_not_allowed' } });
      // The allow-list runs before auth: no credentials still gives 403, not 401.
      await request(app.getHttpServer()).get('/api/v1/things').expect(403);
      await request(app.getHttpServer()).get('/health').expect(200);
    } finally {
      await app.close();
    }
  });

  it('honours X-Forwarded-For only when trust proxy is set', async () => {
    const trusting = await boot({ ipAllowlist: ['10.0.0.0/8', '2001:db8::/32'] }, (a) => {
      (a.getHttpAdapter().getInstance() as Express).set('trust proxy', 'loopback');
    });
    const naive = await boot({ ipAllowlist: ['10.0.0.0/8'] });
    try {
      const key = 'viewer-key-0123456789';
      await request(trusting.getHttpServer())
        .get('/api/v1/things')
        .set('X-API-Key', key)
        .set('X-Forwarded-For', '10.1.2.3')
        .expect(200);
      await request(trusting.getHttpServer())
        .get('/api/v1/things')
        .set('X-API-Key', key)
        .set('X-Forwarded-For', '2001:db8::7')
        .expect(200);
      await request(trusting.getHttpServer())
        .get('/api/v1/things')
        .set('X-API-Key', key)
        .set('X-Forwarded-For', '11.0.0.1')
        .expect(403);
      await request(naive.getHttpServer())
        .get('/api/v1/things')
        .set('X-API-Key', key)
        .set('X-Forwarded-For', '10.1.2.3')
        .expect(403);
    } finally {
      await trusting.close();
      await naive.close();
    }
  });

  it('allows loopback when listed, whichever way the socket reports it', async () => {
    const app = await boot({ ipAllowlist: ['127.0.0.1', '::1'] });
    try {
      await request(app.getHttpServer()).get('/api/v1/things').set('X-API-Key', 'viewer-key-0123456789').expect(200);
    } finally {
      await app.close();
    }
  });
});
