import 'reflect-metadata';
import { loadConfig } from '../config/config.loader';
import { configuredSecretValues } from './configured-secrets';
import { MASK } from './mask-secrets';
import { SecretRedactor } from './secret-redactor';

const M = encodeURIComponent(MASK);

describe('SecretRedactor', () => {
  const redactor = new SecretRedactor({
    sensitiveKeys: ['accountNumber'],
    secretValues: ['sk-very-secret-value', 'short'],
  });

  it('masks secret-named query parameters and name=value pairs, keeping the rest of the URL', () => {
    expect(redactor.maskText('/api/v1/tasks?token=abc&api_key=xyz&limit=5&accountNumber=DE1&access%5Ftoken=q')).toBe(
      `/api/v1/tasks?token=${M}&api_key=${M}&limit=5&accountNumber=${M}&access%5Ftoken=${M}`,
    );
    expect(redactor.maskText('failed: password=hunter2 user=ann')).toBe(`failed: password=${M} user=ann`);
    expect(redactor.maskText('?token=&page=2')).toBe('?token=&page=2');
  });

  it('blanks configured secret values (8 characters or more) and credentials after an auth scheme', () => {
    expect(redactor.maskText('upstream: key sk-very-secret-value rejected')).toBe(`upstream: key ${MASK} rejected`);
    expect(redactor.maskText('sent Authorization: Bearer eyJhbGciOi.x.y')).toBe(`sent Authorization: Bearer ${MASK}`);
    expect(redactor.maskText('a short word')).toBe('a short word');
  });

  it('redacts structured values: secret-named keys, strings at any depth, errors', () => {
    const headers = { 'x-api-key': 'k', accept: 'json' };
    const out = redactor.redact({ url: '/x?secret=1', headers, err: new Error('sk-very-secret-value') });
    expect(out).toMatchObject({
      url: `/x?secret=${M}`,
      headers: { 'x-api-key': MASK, accept: 'json' },
      err: { type: 'Error', message: MASK },
    });
  });

  it('knows every configured secret: API keys, JWT secret, DB/Redis passwords, webhook tokens, OTLP headers', () => {
    const config = loadConfig({
      env: {
        API_KEYS: 'ops:admin:default:ops-key-0123456789',
        JWT_SECRET: 'jwt-secret-0123456789-0123456789-xx',
        DATABASE_URL: 'postgres://svc:db-pass-0123@db:5432/app',
        REDIS_URL: 'redis://:redis-pass-0123@cache:6379',
        ALERT_WEBHOOK_URLS: 'https://hooks.example.com/services/T0/B0?token=hook-token-0123',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-honeycomb-team=otlp-key-0123',
      },
    });
    const secrets = [
      'ops-key-0123456789',
      'jwt-secret-0123456789-0123456789-xx',
      'db-pass-0123',
      'redis-pass-0123',
      'hook-token-0123',
      'otlp-key-0123',
    ];
    expect(configuredSecretValues(config)).toEqual(expect.arrayContaining(secrets));
    const fromConfig = SecretRedactor.fromConfig(config);
    const line = `failed with ${secrets.slice(0, 5).join(' ')}`;
    expect(fromConfig.maskText(line)).toBe(`failed with ${Array(5).fill(MASK).join(' ')}`);
  });
});
