import { assertAuthConfigured, isAuthConfigured, isAuthEnforced } from './auth-config';

const none = { apiKeys: [] as string[], jwt: { clockToleranceSec: 0 }, authDisabled: false };
const withKey = { ...none, apiKeys: ['ci:admin:default:0123456789abcdef0123'] };
const withJwt = { ...none, jwt: { secret: 'x'.repeat(40), clockToleranceSec: 0 } };

function logger() {
  return { warn: jest.fn<unknown, [string]>() };
}

describe('isAuthConfigured / isAuthEnforced', () => {
  it('is configured with an API key or a JWT secret', () => {
    expect(isAuthConfigured(none)).toBe(false);
    expect(isAuthConfigured({ ...none, apiKeys: [' '] })).toBe(false);
    expect(isAuthConfigured(withKey)).toBe(true);
    expect(isAuthConfigured(withJwt)).toBe(true);
  });

  it('is enforced only when configured and not disabled', () => {
    expect(isAuthEnforced(withKey)).toBe(true);
    expect(isAuthEnforced({ ...withKey, authDisabled: true })).toBe(false);
    expect(isAuthEnforced(none)).toBe(false);
  });
});

describe('assertAuthConfigured', () => {
  it('refuses production without credentials, naming the settings to fix', () => {
    expect(() => assertAuthConfigured('production', none, logger())).toThrow(
      /API_KEYS.*JWT_SECRET.*AUTH_DISABLED=true/s,
    );
  });

  it('allows production without credentials when auth is explicitly disabled, with a warning', () => {
    const log = logger();
    expect(() => assertAuthConfigured('production', { ...none, authDisabled: true }, log)).not.toThrow();
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/AUTH_DISABLED/));
  });

  it('warns whenever auth is disabled, even with credentials configured', () => {
    const log = logger();
    assertAuthConfigured('development', { ...withKey, authDisabled: true }, log);
    expect(log.warn).toHaveBeenCalledTimes(1);
  });

  it('warns (but starts) outside production without credentials', () => {
    const log = logger();
    assertAuthConfigured('development', none, log);
    expect(log.warn).toHaveBeenCalledWith(expect.stringMatching(/not configured/));
  });

  it('starts quietly in production with a key or a strong JWT secret', () => {
    for (const options of [withKey, withJwt]) {
      const log = logger();
      assertAuthConfigured('production', options, log);
      expect(log.warn).not.toHaveBeenCalled();
    }
  });

  it('warns about a short JWT secret and short raw keys outside production', () => {
    const log = logger();
    assertAuthConfigured(
      'development',
      { ...none, apiKeys: ['tiny:viewer:t:abc'], jwt: { secret: 'short', clockToleranceSec: 0 } },
      log,
    );
    expect(log.warn.mock.calls.map((c) => c[0]).join('\n')).toMatch(/JWT_SECRET is shorter[\s\S]*tiny/);
  });

  it('refuses to start in production with a JWT secret under 32 bytes', () => {
    const jwt = (secret: string) => ({ ...none, jwt: { secret, clockToleranceSec: 0 } });
    expect(() => assertAuthConfigured('production', jwt('x'), logger())).toThrow(
      /Refusing to start: JWT_SECRET is shorter than 32 bytes/,
    );
    expect(() => assertAuthConfigured('production', jwt('x'.repeat(31)), logger())).toThrow(/JWT_SECRET/);
    expect(() => assertAuthConfigured('production', jwt('x'.repeat(32)), logger())).not.toThrow();
  });

  it('fails on a malformed API key entry', () => {
    expect(() => assertAuthConfigured('production', { ...none, apiKeys: ['x:boss:t:k'] }, logger())).toThrow(
      /API_KEYS entry #1/,
    );
  });
});
