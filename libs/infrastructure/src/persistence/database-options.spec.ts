import { DatabaseConfigError, describeDatabaseUrl, resolveDialect, validateDatabaseOptions } from './database-options';

const base = { sqlitePath: './data/x.db', busyTimeoutMs: 5000, poolMax: 10 };

describe('resolveDialect', () => {
  it.each([undefined, '', '   '])('chooses SQLite when DATABASE_URL is %p', (url) => {
    expect(resolveDialect(url)).toBe('sqlite');
  });

  it.each(['postgres://u:p@h:5432/db', 'postgresql://h/db'])('chooses PostgreSQL for %s', (url) => {
    expect(resolveDialect(url)).toBe('postgres');
  });

  it('rejects another scheme, naming DATABASE_URL and the scheme but not the password', () => {
    const call = () => resolveDialect('mysql://root:s3cret@db/app');
    expect(call).toThrow(DatabaseConfigError);
    expect(call).toThrow(/DATABASE_URL.*"mysql"/);
    expect(call).not.toThrow(/s3cret/);
  });

  it('rejects a value that is not a URL without echoing it', () => {
    const call = () => resolveDialect('host=db password=s3cret');
    expect(call).toThrow(/DATABASE_URL is not a valid URL/);
    expect(call).not.toThrow(/s3cret/);
  });
});

describe('validateDatabaseOptions', () => {
  it('accepts sane options', () => {
    expect(() => validateDatabaseOptions(base)).not.toThrow();
  });

  it.each([
    [{ busyTimeoutMs: -1 }, /busyTimeoutMs/],
    [{ busyTimeoutMs: 1.5 }, /busyTimeoutMs/],
    [{ poolMax: 0 }, /poolMax/],
    [{ sqlitePath: '' }, /SQLITE_PATH/],
    [{ connectTimeoutMs: -5 }, /connectTimeoutMs/],
  ])('rejects %p', (patch, message) => {
    expect(() => validateDatabaseOptions({ ...base, ...patch })).toThrow(message);
  });

  it('does not need a SQLite path for PostgreSQL', () => {
    expect(() => validateDatabaseOptions({ ...base, url: 'postgres://h/db', sqlitePath: '' })).not.toThrow();
  });
});

describe('describeDatabaseUrl', () => {
  it('keeps host, port and database and drops the credentials', () => {
    expect(describeDatabaseUrl('postgres://admin:hunter2@db.internal:6543/orders?sslmode=require')).toBe(
      'db.internal:6543/orders',
    );
  });
});
