import { AppError } from './app-error';
import { CoreErrorHandler } from './core-error-handler';
import { isDependencyOutage } from './dependency-outage';

describe('isDependencyOutage', () => {
  it('recognises refused connections, PostgreSQL connection errors and closed Redis connections', () => {
    expect(
      isDependencyOutage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(
      isDependencyOutage(
        Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {}),
      ),
    ).toBe(true);
    expect(
      isDependencyOutage(
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ).toBe(true);
    expect(isDependencyOutage(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isDependencyOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyOutage(new Error('wrapped', { cause: new Error('Connection is closed.') }))).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isDependencyOutage(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDependencyOutage(new Error('boom'))).toBe(false);
    expect(isDependencyOutage(undefined)).toBe(false);
  });
});

describe('CoreErrorHandler on a dependency outage', () => {
  const handler = new CoreErrorHandler();

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After, as an expected error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    expect(handler.classify(refused)).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      status: 503,
      message: 'A dependency (database or Redis) is unreachable; retry shortly',
      headers: { 'Retry-After': '2' },
      expected: true,
    });
    const wrapped = Object.assign(new AppError('INTERNAL', 'write failed'), { cause: refused });
    expect(handler.classify(wrapped).status).toBe(503);
  });

  it('leaves every other failure to its own classification', () => {
    expect(handler.classify(new Error('boom'))).toMatchObject({ code: 'INTERNAL', status: 500, expected: false });
    expect(handler.classify(new AppError('NOT_FOUND', 'no such task'))).toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
    });
  });
});
