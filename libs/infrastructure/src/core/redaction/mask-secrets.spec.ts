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
    expect(maskSecrets({ accountNumber: '123', secret: '', apiKeys: [] }, ['accountNumber'])).toEqual({
      accountNumber: MASK,
      secret: '',
      apiKeys: [],
    });
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

describe('maskSecrets on errors', () => {
  it('keeps class, message, stack, cause and own fields, masking secret-named ones', () => {
    const root = new TypeError('socket closed');
    const error = Object.assign(new RangeError('query failed', { cause: root }), { code: 'E42', password: 'p' });
    expect(maskSecrets<unknown>({ err: error })).toMatchObject({
      err: {
        type: 'RangeError',
        message: 'query failed',
        stack: expect.stringContaining('RangeError: query failed'),
        code: 'E42',
        password: MASK,
        cause: { type: 'TypeError', message: 'socket closed', stack: expect.stringContaining('TypeError: socket') },
      },
    });
  });

  it('passes every string, message and stack included, through the text mask', () => {
    const maskText = (t: string) => t.replace('secret-1', MASK);
    const masked = maskSecrets({ note: 'k=secret-1', err: new Error('said secret-1') }, { maskText });
    expect(masked).toMatchObject({
      note: `k=${MASK}`,
      err: { message: `said ${MASK}`, stack: expect.not.stringContaining('secret-1') },
    });
  });
});
