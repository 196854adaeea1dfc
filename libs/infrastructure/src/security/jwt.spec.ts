import { sign } from 'jsonwebtoken';
import { AppError } from '../core/errors/app-error';
import { verifyJwt, type JwtVerifyOptions } from './jwt';

const SECRET = 'a-test-secret-that-is-long-enough-000';
const opts: JwtVerifyOptions = { secret: SECRET, clockToleranceSec: 0 };
const inOneHour = () => Math.floor(Date.now() / 1000) + 3600;

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function rejection(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected verifyJwt to throw');
}

describe('verifyJwt', () => {
  it('maps sub, role and tenant of a valid HS256 token', () => {
    const token = sign({ sub: 'alice', role: 'operator', tenant: 'acme', exp: inOneHour() }, SECRET, {
      algorithm: 'HS256',
    });
    expect(verifyJwt(token, opts)).toEqual({ id: 'alice', role: 'operator', tenant: 'acme', authMethod: 'jwt' });
  });

  it('defaults a missing role to viewer', () => {
    const token = sign({ sub: 'bob', tenant: 'acme', exp: inOneHour() }, SECRET);
    expect(verifyJwt(token, opts)).toEqual({ id: 'bob', role: 'viewer', tenant: 'acme', authMethod: 'jwt' });
  });

  it('refuses a token without a tenant claim with 401 missing_tenant', () => {
    const token = sign({ sub: 'bob', role: 'admin', exp: inOneHour() }, SECRET);
    const err = rejection(() => verifyJwt(token, opts));
    expect(err.status).toBe(401);
    expect(err.details).toEqual({ reason: 'missing_tenant' });
  });

  it('places a token without a tenant claim in the configured default tenant, when one is configured', () => {
    const token = sign({ sub: 'bob', exp: inOneHour() }, SECRET);
    expect(verifyJwt(token, { ...opts, defaultTenant: 'desk-a' })).toMatchObject({ tenant: 'desk-a' });
  });

  it('accepts the system role', () => {
    const token = sign({ sub: 'root', role: 'system', tenant: 'ops', exp: inOneHour() }, SECRET);
    expect(verifyJwt(token, opts)).toMatchObject({ role: 'system' });
  });

  it('refuses an unknown role with 401', () => {
    const token = sign({ sub: 'eve', role: 'root', exp: inOneHour() }, SECRET);
    const err = rejection(() => verifyJwt(token, opts));
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/role/);
  });

  it('says "expired" for an expired token', () => {
    const token = sign({ sub: 'alice', exp: Math.floor(Date.now() / 1000) - 60 }, SECRET);
    const err = rejection(() => verifyJwt(token, opts));
    expect(err.code).toBe('UNAUTHORIZED');
    expect(err.message).toMatch(/expired at \d{4}-/);
    expect(err.details).toEqual({ reason: 'expired' });
  });

  it('accepts a just-expired token within the clock tolerance', () => {
    const token = sign({ sub: 'alice', tenant: 'acme', exp: Math.floor(Date.now() / 1000) - 5 }, SECRET);
    expect(verifyJwt(token, { ...opts, clockToleranceSec: 30 }).id).toBe('alice');
  });

  it('says "signature is invalid" for a token signed with another secret', () => {
    const token = sign({ sub: 'alice', exp: inOneHour() }, 'another-secret-another-secret-000');
    const err = rejection(() => verifyJwt(token, opts));
    expect(err.code).toBe('UNAUTHORIZED');
    expect(err.message).toMatch(/signature is invalid/);
    expect(err.details).toEqual({ reason: 'bad_signature' });
  });

  it("rejects alg 'none' (unsigned) tokens", () => {
    const token = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'admin', role: 'admin', exp: inOneHour() })}.`;
    const err = rejection(() => verifyJwt(token, opts));
    expect(err.status).toBe(401);
    expect(err.details).toEqual({ reason: 'bad_algorithm' });
  });

  it('rejects other HMAC algorithms (HS512) because the algorithm is pinned', () => {
    const token = sign({ sub: 'alice', exp: inOneHour() }, SECRET, { algorithm: 'HS512' });
    expect(rejection(() => verifyJwt(token, opts)).details).toEqual({ reason: 'bad_algorithm' });
  });

  it('rejects a token without exp', () => {
    const token = sign({ sub: 'alice' }, SECRET);
    const err = rejection(() => verifyJwt(token, opts));
    expect(err.message).toMatch(/"exp"/);
  });

  it('rejects a token without sub', () => {
    const token = sign({ role: 'admin', exp: inOneHour() }, SECRET);
    expect(rejection(() => verifyJwt(token, opts)).details).toEqual({ reason: 'missing_sub' });
  });

  it('checks issuer and audience when configured', () => {
    const strict = { ...opts, issuer: 'https://idp.example', audience: 'orchestration' };
    const good = sign({ sub: 'a', tenant: 'acme', exp: inOneHour() }, SECRET, {
      issuer: 'https://idp.example',
      audience: 'orchestration',
    });
    expect(verifyJwt(good, strict).id).toBe('a');
    const wrongIss = sign({ sub: 'a', exp: inOneHour() }, SECRET, {
      issuer: 'https://evil.example',
      audience: 'orchestration',
    });
    const iss = rejection(() => verifyJwt(wrongIss, strict));
    expect(iss.details).toEqual({ reason: 'bad_issuer' });
    expect(iss.message).not.toContain('idp.example'); // expected values are not echoed
    const wrongAud = sign({ sub: 'a', exp: inOneHour() }, SECRET, { issuer: 'https://idp.example', audience: 'other' });
    expect(rejection(() => verifyJwt(wrongAud, strict)).details).toEqual({ reason: 'bad_audience' });
  });

  it('rejects garbage as malformed', () => {
    expect(rejection(() => verifyJwt('not.a.jwt', opts)).details).toEqual({ reason: 'malformed' });
  });
});
