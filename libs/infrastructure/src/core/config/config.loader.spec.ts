import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.loader';
import { ConfigError } from './config-error';

function problemsOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig({ env });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cfg-'));

  it('loads the shipped defaults', () => {
    const config = loadConfig({ env: {} });
    expect(config.service.port).toBe(8003);
    expect(config.database.sqlitePath).toBe('./data/orchestration.db');
    expect(config.security.openPaths).toEqual(['/health', '/metrics', '/docs']);
  });

  it('lets environment variables win over the YAML, typed', () => {
    const config = loadConfig({
      env: { PORT: '9100', AUTH_DISABLED: 'true', CORS_ORIGINS: 'https://a.example, https://b.example' },
    });
    expect(config.service.port).toBe(9100);
    expect(config.security.authDisabled).toBe(true);
    expect(config.security.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('rejects a bad PORT naming the setting, the value and what is allowed', () => {
    const error = problemsOf({ PORT: 'abc' });
    expect(error.problems).toEqual([
      expect.objectContaining({ setting: 'service.port', source: 'env PORT', received: 'abc' }),
    ]);
    expect(error.message).toMatch(
      /service\.port \(from env PORT\): received "abc"; must be an integer number; must not be less than 0; must not be greater than 65535/,
    );
  });

  it('rejects an out-of-range PORT', () => {
    expect(problemsOf({ PORT: '70000' }).message).toMatch(
      /service\.port .*received 70000; must not be greater than 65535/,
    );
  });

  it('layers CONFIG_FILE over the defaults and names a bad YAML value with its file', () => {
    const file = join(dir, 'bad.yml');
    writeFileSync(file, 'service:\n  logLevel: loud\nsecurity:\n  rateLimit:\n    max: -1\n');
    const error = problemsOf({ CONFIG_FILE: file });
    const settings = error.problems.map((p) => p.setting).sort();
    expect(settings).toEqual(['security.rateLimit.max', 'service.logLevel']);
    expect(error.message).toContain(
      `service.logLevel (from ${file}): received "loud"; must be one of the following values: fatal, error, warn, info, debug, trace, silent`,
    );
  });

  it('rejects unknown settings in a YAML file', () => {
    const file = join(dir, 'unknown.yml');
    writeFileSync(file, 'service:\n  prot: 1\n');
    expect(problemsOf({ CONFIG_FILE: file }).problems).toEqual([
      expect.objectContaining({ setting: 'service.prot', allowed: 'is not a known setting' }),
    ]);
  });

  it('reads secrets from <NAME>_FILE, winning over the plain variable', () => {
    const file = join(dir, 'jwt');
    writeFileSync(file, 's3cret-from-file\n');
    const config = loadConfig({ env: { JWT_SECRET: 'plain', JWT_SECRET_FILE: file } });
    expect(config.security.jwt.secret).toBe('s3cret-from-file');
  });

  it('reports an unreadable secret file', () => {
    expect(problemsOf({ JWT_SECRET_FILE: join(dir, 'missing') }).problems[0]).toMatchObject({
      setting: 'JWT_SECRET_FILE',
    });
  });

  it('rejects a non-postgres DATABASE_URL and a bad boolean', () => {
    const error = problemsOf({ DATABASE_URL: 'mysql://x', AUTH_DISABLED: 'maybe' });
    expect(error.problems.map((p) => p.setting).sort()).toEqual(['database.url', 'security.authDisabled']);
  });

  it('rejects a malformed API key entry without echoing the key', () => {
    const error = problemsOf({ API_KEYS: 'ops:admin:default:k1,ci:root:default:topsecret' });
    expect(error.problems).toEqual([expect.objectContaining({ setting: 'security.apiKeys', source: 'env API_KEYS' })]);
    expect(error.message).toMatch(/entry #2/);
    expect(error.message).not.toContain('topsecret');
  });

  it('rejects a malformed CIDR in IP_ALLOWLIST', () => {
    expect(problemsOf({ IP_ALLOWLIST: '10.0.0.0/33' }).problems[0]).toMatchObject({ setting: 'security.ipAllowlist' });
  });
});
