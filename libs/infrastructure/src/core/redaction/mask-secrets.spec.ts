import { MASK, maskSecrets, maskUrlCredentials } from './mask-secrets';

describe('maskSecrets', () => {
  it('masks values under secret-looking keys at any depth, leaving others', () => {
    const input = {
      user: 'ann',
      headers: { authorization: 'Bearer x', 'x-api-key': 'k', cookie: 'c', accept: 'json' },
      nested: [{ clientSecret: 's', password: 'p', count: 3 }],
      jwt: { secret: 'j', issuer: 'me' },
    };
    expect(maskSecrets(input)).toEqual({
      user: 'ann',
      headers: { authorization: MASK, 'x-api-key': MASK, cookie: MASK, accept: 'json' },
      nested: [{ clientSecret: MASK, password: MASK, count: 3 }],
      jwt: MASK,
    });
    expect(input.headers.authorization).toBe('Bearer x');
  });

  it('masks extra configured keys and leaves empty secrets visible as empty', () => {
    expect(maskSecrets({ accountNumber: '123', secret: '' , apiKeys: [] }, ['accountNumber'])).toEqual({ accountNumber: MASK, secret: '', apiKeys: [] });
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(maskSecrets(a)).toEqual({ name: 'a', self: '[…]' });
  });

  it('hides URL passwords', () => {
    expect(maskUrlCredentials('postgres://u:pw@db:5432/x')).toBe('postgres://u:***@db:5432/x');
    expect(maskUrlCredentials('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
