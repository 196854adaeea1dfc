import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiKeyParseError, matchApiKey, parseApiKeys, sha256 } from './api-keys';

// Wrap timingSafeEqual in a spy so the test can count comparisons (namespace exports are frozen).
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const hex = (s: string) => createHash('sha256').update(s).digest('hex');

describe('parseApiKeys', () => {
  it('parses raw and sha256 entries from the comma-separated env form', () => {
    const entries = parseApiKeys(`ci:operator:acme:raw-key-0123456789, ops:admin:default:sha256:${hex('hashed-key')},`);
    expect(entries.map(({ name, role, tenant, form }) => ({ name, role, tenant, form }))).toEqual([
      { name: 'ci', role: 'operator', tenant: 'acme', form: 'raw' },
      { name: 'ops', role: 'admin', tenant: 'default', form: 'sha256' },
    ]);
    expect(entries[0].digest.equals(sha256('raw-key-0123456789'))).toBe(true);
    expect(entries[1].digest.toString('hex')).toBe(hex('hashed-key'));
  });

  it('keeps colons inside a raw key', () => {
    const [entry] = parseApiKeys(['svc:viewer:t1:a:b:c']);
    expect(entry.digest.equals(sha256('a:b:c'))).toBe(true);
  });

  it.each([
    ['onlythree:admin:t', /4 fields/],
    [':admin:t:key', /name "" is empty or invalid/],
    ['bad name:admin:t:key', /name "bad name"/],
    ['n:root:t:key', /role "root" is not one of system\|admin\|operator\|viewer/],
    ['n:admin::key', /tenant "" is empty/],
    ['n:admin:t:', /key is empty/],
    ['n:admin:t:sha256:abc', /64 hex digits/],
    [`n:admin:t:sha256:${'z'.repeat(64)}`, /64 hex digits/],
  ])('rejects %s with a clear message', (entry, message) => {
    expect(() => parseApiKeys([entry])).toThrow(message);
    expect(() => parseApiKeys([entry])).toThrow(ApiKeyParseError);
  });

  it('names the entry by position and never echoes the key', () => {
    try {
      parseApiKeys(['a:admin:t:good-key', 'b:superuser:t:very-secret-value']);
      throw new Error('expected a parse error');
    } catch (err) {
      expect(err).toBeInstanceOf(ApiKeyParseError);
      expect((err as Error).message).toMatch(/^API_KEYS entry #2/);
      expect((err as Error).message).not.toContain('very-secret-value');
    }
  });

  it('rejects the same key configured twice, also across raw and sha256 forms', () => {
    expect(() => parseApiKeys(['a:admin:t:same-key', `b:viewer:t:sha256:${hex('same-key')}`])).toThrow(
      /same key as "a"/,
    );
  });
});

describe('matchApiKey', () => {
  const entries = parseApiKeys([
    'first:viewer:t:key-one',
    'second:operator:t:key-two',
    `third:admin:t:sha256:${hex('key-three')}`,
  ]);

  it('finds raw and sha256 keys and refuses unknown ones', () => {
    expect(matchApiKey(entries, 'key-one')?.name).toBe('first');
    expect(matchApiKey(entries, 'key-two')?.name).toBe('second');
    expect(matchApiKey(entries, 'key-three')?.name).toBe('third');
    expect(matchApiKey(entries, 'key-four')).toBeUndefined();
    expect(matchApiKey(entries, `sha256:${hex('key-three')}`)).toBeUndefined(); // the digest is not the key
    expect(matchApiKey([], 'anything')).toBeUndefined();
  });

  it('compares against every configured key with timingSafeEqual, even after a match', () => {
    const spy = timingSafeEqual as jest.MockedFunction<typeof timingSafeEqual>;
    spy.mockClear();
    matchApiKey(entries, 'key-one'); // matches the first entry
    expect(spy).toHaveBeenCalledTimes(entries.length);
    spy.mockClear();
    matchApiKey(entries, 'nope');
    expect(spy).toHaveBeenCalledTimes(entries.length);
  });
});
